package dev.tune4j.adapt;

import ai.djl.nn.Parameter;
import dev.tune4j.classify.SequenceClassifier;
import dev.tune4j.model.ParameterNames;
import java.util.Locale;
import java.util.Map;

/**
 * How a pretrained model is adapted to a task: which parameters train, and the defaults that work for it.
 * The trainer asks the technique, never the other way round, so a new technique is one new case here.
 */
public sealed interface Technique permits FeatureExtraction, FullFineTuning {

    /** The name on the command line ({@code --method}). */
    String cliName();

    /** True when the backbone never changes, so its outputs can be computed once and cached. */
    boolean frozenBackbone();

    /** Learning rate, epochs and schedule that reach good accuracy with this technique. */
    TechniqueDefaults defaults();

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

    static Technique fromCliName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "feature-extraction", "features", "frozen" -> new FeatureExtraction();
            case "full", "full-fine-tuning" -> new FullFineTuning();
            default -> throw new IllegalArgumentException("Unknown method '" + name + "'; expected feature-extraction or full");
        };
    }
}
