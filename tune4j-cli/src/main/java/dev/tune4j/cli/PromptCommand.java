package dev.tune4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.tune4j.data.Dataset;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.prompt.ClozeClassifier;
import dev.tune4j.prompt.Template;
import dev.tune4j.prompt.Verbalizer;
import java.io.PrintWriter;
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

    @Option(names = "--template", description = "Must hold {text} and [MASK] once each (default: \"{text} It was [MASK].\", or the one a prompt-tuned model recorded).")
    String template;

    @Option(names = "--verbalizer", description = "LABEL=word[,word…];… with labels by name or id (default: \"" + Verbalizer.SENTIMENT + "\", or the recorded one).")
    String verbalizer;

    @Option(names = "--calibrate", description = "Contextual calibration (Zhao et al. 2021) with content-free inputs.")
    boolean calibrate;

    @Option(names = "--max-length", description = "Tokens of the filled-in template; the text is cut to fit (default: the one a prompt-tuned model recorded, else 256 or the model's positions if fewer).")
    Integer maxLength;

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
        Template t = template == null ? null : new Template(template);
        Verbalizer v = verbalizer == null ? null : Verbalizer.parse(verbalizer);
        if (data != null) {
            DataMixin source = new DataMixin();
            source.data = data;
            source.textColumn = textColumn;
            source.labelColumn = labelColumn;
            source.limit = limit;
            Dataset examples = source.limited(source.load(null), seed);
            try (ClozeClassifier cloze = ClozeClassifier.load(model.resolve(), t, v, examples.labelMap(), maxLength == null ? 0 : maxLength)) {
                ClassificationMetrics metrics = cloze.evaluate(examples, calibrate);
                if (json) {
                    JsonObject o = metrics.toJson();
                    o.addProperty("model", model.model);
                    o.addProperty("data", data);
                    o.addProperty("template", cloze.template().pattern());
                    o.addProperty("calibrated", calibrate);
                    out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
                } else {
                    out.printf("%s on %s (%d examples), template \"%s\"%s%n%n", model.model, data, examples.size(),
                            cloze.template().pattern(), calibrate ? ", calibrated" : "");
                    out.println(metrics.toText());
                }
            }
        } else {
            List<String> inputs = Inputs.argsOrStdin(texts);
            try (ClozeClassifier cloze = ClozeClassifier.load(model.resolve(), t, v, null, maxLength == null ? 0 : maxLength)) {
                float[][] probs = cloze.predictProba(inputs, calibrate);
                List<String> names = cloze.labels().names();
                for (int i = 0; i < inputs.size(); i++) {
                    print(out, inputs.get(i), names, probs[i]);
                }
            }
        }
        out.flush();
        return 0;
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
