package dev.tune4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.tune4j.data.Dataset;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.prompt.Calibration;
import dev.tune4j.prompt.ClozeClassifier;
import dev.tune4j.prompt.ClozeDescription;
import dev.tune4j.prompt.Template;
import dev.tune4j.prompt.Verbalizer;
import dev.tune4j.tokenize.Truncation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "prompt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify without training, as a cloze task for the masked language model.",
                "Zero-shot (or prompt-tuned): the masked LM fills the template's [MASK]",
                "and each label is scored by its verbalizer words. With --data, evaluates like 'evaluate'; else classifies",
                "TEXT arguments or stdin lines."})
final class PromptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--template", description = "Must hold {text} and [MASK] once each; give it more than once for an ensemble "
            + "(the mean of the templates' label probabilities). Default: \"{text} In summary, the movie was [MASK].\", or the one a prompt-tuned model recorded.")
    List<String> templates;

    @Option(names = "--verbalizer", description = "LABEL=word[,word…];… with labels by name or id (default: \"" + Verbalizer.SENTIMENT + "\", or the recorded one).")
    String verbalizer;

    @Option(names = "--calibrate", negatable = true, description = "Contextual calibration: divide the words' probabilities by a prior "
            + "and renormalise (default: on, or what a prompt-tuned model recorded; --no-calibrate turns it off).")
    Boolean calibrate;

    @Option(names = "--calibration", paramLabel = "content-free|batch", description = "The prior: content-free = the mean probabilities "
            + "for \"N/A\", \"\" and \"[MASK]\" (Zhao et al. 2021; the default), batch = the mean over the texts classified together "
            + "(Zhou et al. 2024; assumes that no class dominates them).")
    String calibration;

    @Option(names = "--max-length", description = "Tokens of the filled-in template; the text is cut to fit (default: the one a prompt-tuned model recorded, else 256 or the model's positions if fewer).")
    Integer maxLength;

    @Option(names = "--truncation", converter = TruncationConverter.class, description = "What a text too long for --max-length keeps: "
            + "head, tail or head+tail (default: the part next to [MASK], the tail for the default template).")
    Truncation truncation;

    @Option(names = "--data", paramLabel = "FILE|imdb", description = "Labelled data to evaluate on (CSV, TSV, JSONL, JSON or 'imdb').")
    String data;

    @Option(names = "--text-column", defaultValue = "text", description = "Column with the text (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", description = "Column with the label (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate on a stratified, seeded sample of N examples.")
    Integer limit;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of --limit's sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "One JSON object (with --data) or one per input.")
    boolean json;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to classify (else one per line on stdin).")
    List<String> texts;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Template> t = templates == null ? null : templates.stream().map(Template::new).toList();
        Verbalizer v = verbalizer == null ? null : Verbalizer.parse(verbalizer);
        Path dir = model.resolve();
        Calibration.Mode calibrated = calibrationMode(dir);
        int length = maxLength == null ? 0 : maxLength;
        if (data != null) {
            DataMixin source = new DataMixin();
            source.data = data;
            source.textColumn = textColumn;
            source.labelColumn = labelColumn;
            source.limit = limit;
            Dataset examples = source.limited(source.load(null), seed);
            try (ClozeClassifier cloze = ClozeClassifier.load(dir, t, v, examples.labelMap(), length, truncation)) {
                ClassificationMetrics metrics = cloze.evaluate(examples, calibrated);
                if (json) {
                    JsonObject o = metrics.toJson();
                    o.addProperty("model", model.model);
                    o.addProperty("data", data);
                    o.addProperty("template", cloze.template().pattern());
                    o.add("prompt", ClozeDescription.json(cloze, calibrated, examples.size()));
                    out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
                } else {
                    out.printf("%s on %s (%d examples)%n%s%n%n", model.model, data, examples.size(),
                            ClozeDescription.line(cloze, calibrated, examples.size()));
                    out.println(metrics.toText());
                }
            }
        } else {
            List<String> inputs = Inputs.argsOrStdin(texts);
            try (ClozeClassifier cloze = ClozeClassifier.load(dir, t, v, null, length, truncation)) {
                // stderr, so that stdout stays one line per input.
                spec.commandLine().getErr().println(ClozeDescription.line(cloze, calibrated, inputs.size()));
                float[][] probs = cloze.predictProba(inputs, calibrated);
                List<String> names = cloze.labels().names();
                for (int i = 0; i < inputs.size(); i++) {
                    print(out, inputs.get(i), names, probs[i]);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** --no-calibrate, else --calibration, else what the model recorded (content-free for a plain masked LM). */
    private Calibration.Mode calibrationMode(Path dir) {
        if (Boolean.FALSE.equals(calibrate)) {
            return Calibration.Mode.OFF;
        }
        if (calibration != null) {
            return Calibration.Mode.fromCliName(calibration);
        }
        Calibration.Mode recorded = ClozeClassifier.recordedCalibration(dir);
        return recorded == Calibration.Mode.OFF && Boolean.TRUE.equals(calibrate) ? Calibration.Mode.CONTENT_FREE : recorded;
    }

    private void print(PrintWriter out, String text, List<String> names, float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            best = p[c] > p[best] ? c : best;
        }
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("text", text);
            o.addProperty("label", names.get(best));
            JsonObject probs = new JsonObject();
            for (int c = 0; c < p.length; c++) {
                probs.addProperty(names.get(c), p[c]);
            }
            o.add("probabilities", probs);
            out.println(new Gson().toJson(o));
        } else {
            out.printf(Locale.ROOT, "%s\t%.4f\t%s%n", names.get(best), p[best], text);
        }
    }
}
