package dev.tune4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.tune4j.Classifier;
import dev.tune4j.Tune4jException;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.LabelMap;
import dev.tune4j.eval.Metrics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Accuracy, per-class precision/recall/F1, confusion matrix and ROC-AUC of a trained model.",
                "A multi-label model: subset accuracy, Hamming loss, micro/macro F1 and per-label precision/recall/F1."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, description = "A trained model directory, e.g. runs/NAME/model.")
    Path model;

    @Mixin
    DataMixin data;

    @Mixin
    DtypeOption dtype;

    @Option(names = "--split", defaultValue = "all",
            description = "all (every row), val (the run's validation rows), unseen (rows the run never trained or validated on) (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of --limit's sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--threshold", defaultValue = "0.5",
            description = "Multi-label models: a label is predicted from this probability on (default: ${DEFAULT-VALUE}).")
    float threshold;

    @Override
    public Integer call() {
        try (Classifier classifier = Classifier.load(model)) {
            dtype.apply(classifier.model()::runIn);
            Dataset all = data.load(new LabelMap(classifier.labels()), classifier.multiLabel());
            Dataset subset = data.limited(select(all), seed);
            ProgressBar progress = new ProgressBar(System.err);
            Metrics metrics = classifier.multiLabel() ? classifier.evaluateMultiLabel(subset, threshold, progress)
                    : classifier.evaluate(subset, progress);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonObject o = metrics.toJson();
                o.addProperty("model", model.toString());
                o.addProperty("data", data.data);
                o.addProperty("split", split);
                out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
            } else {
                out.printf("%s on %s (%s split, %d examples)%n%n", model, data.data, split, subset.size());
                out.println(metrics.toText());
            }
            out.flush();
        }
        return 0;
    }

    private Dataset select(Dataset all) {
        if (split.equals("all")) {
            return all;
        }
        String part = switch (split) {
            case "val", "validation" -> "validation";
            case "unseen" -> "unseen";
            case "train" -> "train";
            default -> throw new Tune4jException("--split must be all, val, train or unseen, not '" + split + "'");
        };
        Path runDir = model.toAbsolutePath().getParent();
        if (runDir == null || !Files.isRegularFile(runDir.resolve(Classifier.SPLIT_FILE))) {
            throw new Tune4jException("--split " + split + " needs the run directory around the model (" + runDir
                    + "/" + Classifier.SPLIT_FILE + " not found); use --split all");
        }
        return Classifier.splitOf(runDir, all, part);
    }
}
