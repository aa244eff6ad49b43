package dev.tune4j.classify;

import com.google.gson.JsonObject;
import dev.tune4j.infer.Pooling;
import java.util.Locale;

/**
 * The classification head on top of the backbone.
 *
 * @param kind {@code MLP} (the seed recipe: H→hidden→ReLU→Dropout→labels), {@code LINEAR}
 *     (Dropout→H→labels, Hugging Face's BertForSequenceClassification head) or {@code HF}, the model family's own
 *     Hugging Face head on the first token (RoBERTa's H→H→tanh→labels, DistilBERT's pre_classifier→ReLU→classifier)
 * @param hidden width of the MLP's hidden layer (512 in the recipe); ignored for LINEAR
 * @param dropout dropout before the output layer (0.1 in the recipe)
 * @param pooling which vector of the backbone the head reads
 * @param numLabels output classes
 * @param problem whether the outputs are one softmax or a sigmoid per label; config.json stores it as
 *     Hugging Face's top-level {@code problem_type}, not in the head's section
 */
public record HeadConfig(Kind kind, int hidden, float dropout, Pooling pooling, int numLabels, ProblemType problem) {

    public enum Kind { MLP, LINEAR, HF }

    public HeadConfig {
        if (kind == null || pooling == null || problem == null) {
            throw new IllegalArgumentException("head kind, pooling and problem type must be set, got " + kind + ", "
                    + pooling + ", " + problem);
        }
        if (kind == Kind.MLP && hidden <= 0) {
            throw new IllegalArgumentException("MLP head hidden size must be > 0, got " + hidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("head dropout must be in [0, 1), got " + dropout);
        }
        if (numLabels < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 labels, got " + numLabels);
        }
    }

    /** A single-label head, the common case. */
    public HeadConfig(Kind kind, int hidden, float dropout, Pooling pooling, int numLabels) {
        this(kind, hidden, dropout, pooling, numLabels, ProblemType.SINGLE_LABEL);
    }

    /** The seed recipe's head: Linear(H, 512) → ReLU → Dropout(0.1) → Linear(512, labels) on [CLS]. */
    public static HeadConfig recipe(int numLabels) {
        return new HeadConfig(Kind.MLP, 512, 0.1f, Pooling.CLS, numLabels);
    }

    public HeadConfig withNumLabels(int n) {
        return new HeadConfig(kind, hidden, dropout, pooling, n, problem);
    }

    public HeadConfig withProblem(ProblemType p) {
        return new HeadConfig(kind, hidden, dropout, pooling, numLabels, p);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind.name().toLowerCase(Locale.ROOT));
        o.addProperty("hidden", hidden);
        o.addProperty("dropout", dropout);
        o.addProperty("pooling", pooling.name().toLowerCase(Locale.ROOT));
        return o;
    }

    public static HeadConfig fromJson(JsonObject o, int numLabels, ProblemType problem) {
        return new HeadConfig(Kind.valueOf(o.get("kind").getAsString().toUpperCase(Locale.ROOT)),
                o.get("hidden").getAsInt(), o.get("dropout").getAsFloat(),
                Pooling.valueOf(o.get("pooling").getAsString().toUpperCase(Locale.ROOT)), numLabels, problem);
    }
}
