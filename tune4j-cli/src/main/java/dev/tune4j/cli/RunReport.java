package dev.tune4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Classifier;
import dev.tune4j.Tune4jException;
import dev.tune4j.cli.report.EpochRow;
import dev.tune4j.cli.report.HtmlReport;
import dev.tune4j.cli.report.ReportData;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.eval.MultiLabelMetrics;
import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.TrainResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a finished run into report.html and a short summary for the terminal. */
public final class RunReport {

    private RunReport() {}

    public static Path write(Classifier.Run run) throws IOException {
        JsonObject json = runJson(run.dir());
        JsonObject config = json.getAsJsonObject("config");
        JsonObject data = json.getAsJsonObject("data");
        TrainResult r = run.result();
        EpochMetrics best = r.best();
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("Model", config.get("model").getAsString());
        summary.put("Method", config.get("method").getAsString());
        summary.put("Data", data.get("source").getAsString() + " (" + data.get("examples").getAsInt() + " examples)");
        summary.put("Train / validation", data.get("train").getAsInt() + " / " + data.get("validation").getAsInt());
        summary.put("Trainable parameters", String.format(Locale.ROOT, "%,d of %,d (%.2f%%)", r.trainableParameters(),
                r.totalParameters(), 100.0 * r.trainableParameters() / r.totalParameters()));
        summary.put("Epochs run", String.valueOf(r.epochs().size()));
        summary.put("Best epoch", String.valueOf(r.bestEpoch()));
        summary.put("Best validation loss", fmt(best.valLoss()));
        if (run.validation() instanceof ClassificationMetrics v) {
            summary.put("Validation accuracy", pct(v.accuracy()));
            summary.put("Validation macro F1", fmt(v.macroF1()));
            v.rocAuc().ifPresent(auc -> summary.put("Validation ROC-AUC", fmt(auc)));
        } else if (run.validation() instanceof MultiLabelMetrics v) {
            summary.put("Labels", "multi-label, predicted at probability >= " + v.threshold());
            summary.put("Validation subset accuracy", pct(v.subsetAccuracy()));
            summary.put("Validation micro F1", fmt(v.microF1()));
            summary.put("Validation macro F1", fmt(v.macroF1()));
        }
        if (json.has("train_seconds")) {
            summary.put("Wall time", ProgressBar.clock(json.get("train_seconds").getAsDouble()));
        }
        List<EpochRow> rows = r.epochs().stream().map(m -> new EpochRow(m.epoch(), m.trainLoss(), m.valLoss(),
                m.valAccuracy(), m.learningRate(), m.seconds(), m.best())).toList();
        String title = "tune4j run " + run.dir().getFileName();
        String provenance = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
        return HtmlReport.write(run.dir(), new ReportData(title, summary, rows, run.validation(), provenance));
    }

    public static String summary(Classifier.Run run, Path report) {
        EpochMetrics best = run.result().best();
        String scores = run.validation() instanceof MultiLabelMetrics v
                ? String.format(Locale.ROOT, "subset accuracy %s, micro F1 %.4f", pct(v.subsetAccuracy()), v.microF1())
                : "accuracy " + pct(((ClassificationMetrics) run.validation()).accuracy());
        return String.format(Locale.ROOT, "%nBest epoch %d of %d: validation loss %.4f, %s, macro F1 %.4f%n"
                        + "Model:  %s%nReport: %s%nTry:    ./tune4j predict --model %s \"an unforgettable film\"",
                best.epoch(), run.result().epochs().size(), best.valLoss(), scores, run.validation().macroF1(),
                run.dir().resolve("model"), report, run.dir().resolve("model"));
    }

    static JsonObject runJson(Path runDir) {
        Path file = runDir.resolve("run.json");
        if (Files.isDirectory(runDir) && !Files.exists(file)) {
            // Killed while the model loaded, before run.json recorded the configuration: nothing to resume.
            throw new Tune4jException(runDir + " has no run.json: the run stopped before training began; start it "
                    + "again with the same train command and --out " + runDir);
        }
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new Tune4jException(file + ": cannot read (" + e.getMessage() + "); is " + runDir + " a tune4j run?", e);
        }
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
