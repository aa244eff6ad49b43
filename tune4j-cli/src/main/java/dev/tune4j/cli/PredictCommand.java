package dev.tune4j.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.Classifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Label texts with a trained model (texts as arguments, else one per line on stdin).")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, description = "A trained model directory, e.g. runs/NAME/model.")
    Path model;

    @Mixin
    DtypeOption dtype;

    @Option(names = "--json", description = "One JSON object per text: {\"text\", \"label\", \"probabilities\"}; for a multi-label model \"labels\" instead of \"label\".")
    boolean json;

    @Option(names = "--threshold", defaultValue = "0.5",
            description = "Multi-label models: predict every label with at least this probability (default: ${DEFAULT-VALUE}).")
    float threshold;

    @Parameters(paramLabel = "TEXT", arity = "0..*")
    List<String> texts;

    @Override
    public Integer call() {
        List<String> inputs = Inputs.argsOrStdin(texts);
        PrintWriter out = spec.commandLine().getOut();
        try (Classifier classifier = Classifier.load(model)) {
            dtype.apply(classifier.model()::runIn);
            List<Classifier.Prediction> predictions = classifier.predict(inputs, threshold);
            for (int i = 0; i < inputs.size(); i++) {
                Classifier.Prediction p = predictions.get(i);
                if (json) {
                    out.println(new Gson().toJson(toJson(inputs.get(i), p, classifier.multiLabel())));
                } else if (classifier.multiLabel()) {
                    Map<String, Double> predicted = new LinkedHashMap<>();
                    p.labels().forEach(l -> predicted.put(l, p.probabilities().get(l)));
                    String labels = predicted.isEmpty() ? String.format(Locale.ROOT, "(none >= %s)", threshold)
                            : describe(predicted);
                    out.printf(Locale.ROOT, "%s  %s%n", labels, abbreviate(inputs.get(i)));
                } else {
                    out.printf(Locale.ROOT, "%-10s %.4f  %s%n", p.label(), p.probabilities().get(p.label()), abbreviate(inputs.get(i)));
                }
            }
        }
        out.flush();
        return 0;
    }

    private static JsonObject toJson(String text, Classifier.Prediction p, boolean multiLabel) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        if (multiLabel) {
            JsonArray labels = new JsonArray();
            p.labels().forEach(labels::add);
            o.add("labels", labels);
        } else {
            o.addProperty("label", p.label());
        }
        JsonObject probs = new JsonObject();
        p.probabilities().forEach(probs::addProperty);
        o.add("probabilities", probs);
        return o;
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 70 ? flat : flat.substring(0, 67) + "...";
    }

    static String describe(Map<String, Double> probs) {
        StringBuilder sb = new StringBuilder();
        probs.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f", k, v)));
        return sb.toString();
    }
}
