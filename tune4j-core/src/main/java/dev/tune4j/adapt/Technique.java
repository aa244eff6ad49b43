package dev.tune4j.adapt;

import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import dev.tune4j.classify.SequenceClassifier;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.config.Additions;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.model.ParameterNames;
import java.util.Locale;
import java.util.Map;

/**
 * How a pretrained model is adapted to a task: which parameters train, and the defaults that work for it.
 * The trainer asks the technique, never the other way round, so a new technique is one new case here.
 */
public sealed interface Technique permits FeatureExtraction, FullFineTuning, Adapters, Lora {

    /** The name on the command line ({@code --method}). */
    String cliName();

    /** True when the backbone never changes, so its outputs can be computed once and cached. */
    boolean frozenBackbone();

    /**
     * True when each text's backbone output can be computed once, before training, and only the head trains on
     * it; false when every training batch runs the backbone (it trains, or its dropout is wanted).
     */
    default boolean featuresOnce() {
        return frozenBackbone();
    }

    /** Learning rate, epochs and schedule that reach good accuracy with this technique. */
    TechniqueDefaults defaults();

    /** Modules the technique adds to the pretrained architecture before its weights load; none by default. */
    default Additions additions() {
        return Additions.NONE;
    }

    /** Whether {@code key} (a checkpoint name such as {@code bert.encoder.layer.0...}) trains. */
    boolean trains(String key);

    /** Freezes what does not train; returns the trainable parameters by checkpoint name. */
    default Map<String, Parameter> configure(SequenceClassifier model) {
        Map<String, Parameter> all = ParameterNames.of(model);
        Map<String, Parameter> trainable = new java.util.LinkedHashMap<>();
        all.forEach((key, p) -> {
            boolean train = trains(key);
            p.freeze(!train);
            if (train) {
                trainable.put(key, p);
            }
        });
        return trainable;
    }

    /** {@code {"method": cliName}} plus the technique's hyperparameters; {@link #fromJson} reads it back. */
    default JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("method", cliName());
        return o;
    }

    /** A technique by name, with its default hyperparameters. */
    static Technique fromCliName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "feature-extraction", "features", "frozen" -> new FeatureExtraction();
            case "full", "full-fine-tuning" -> new FullFineTuning();
            case "adapter", "adapters", "houlsby" -> Adapters.standard();
            case "lora" -> Lora.standard();
            default -> throw new IllegalArgumentException("Unknown method '" + name
                    + "'; expected feature-extraction, full, adapter or lora");
        };
    }

    /** Reads {@link #toJson()}; hyperparameters that are absent take their defaults. */
    static Technique fromJson(JsonObject o) {
        Technique t = fromCliName(o.get("method").getAsString());
        if (t instanceof FeatureExtraction) {
            return new FeatureExtraction(o.has("backbone_dropout") && o.get("backbone_dropout").getAsBoolean());
        }
        if (t instanceof Adapters a) {
            int size = o.has("adapter_size") ? o.get("adapter_size").getAsInt() : a.config().size();
            boolean layerNorm = o.has("train_layernorm") && o.get("train_layernorm").getAsBoolean();
            return new Adapters(new AdapterConfig(size, AdapterPlacement.recorded(o, "adapter_placement")), layerNorm);
        }
        if (t instanceof Lora && o.has("lora")) {
            return new Lora(LoraConfig.fromJson(o.getAsJsonObject("lora")));
        }
        return t;
    }
}
