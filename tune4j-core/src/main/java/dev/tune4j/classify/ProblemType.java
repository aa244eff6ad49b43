package dev.tune4j.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.tune4j.data.Dataset;
import java.util.Arrays;

/** What a classifier's outputs mean, named as Hugging Face's config.json names it ({@code problem_type}). */
public enum ProblemType {
    /** Exactly one label per text: a softmax over the labels, trained with cross-entropy. */
    SINGLE_LABEL("single_label_classification"),
    /** Any subset of the labels: one sigmoid per label, trained with binary cross-entropy. */
    MULTI_LABEL("multi_label_classification");

    private final String hfName;

    ProblemType(String hfName) {
        this.hfName = hfName;
    }

    public static ProblemType of(Dataset data) {
        return data.multiLabel() ? MULTI_LABEL : SINGLE_LABEL;
    }

    /** The type config.json names; Hugging Face omits it for single-label classifiers, so absent means that. */
    public static ProblemType fromHfName(String name) {
        return Arrays.stream(values()).filter(p -> p.hfName.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("problem_type '" + name + "' is not a classification tune4j supports; expected "
                        + SINGLE_LABEL.hfName + " or " + MULTI_LABEL.hfName));
    }

    public String hfName() {
        return hfName;
    }

    /** Probabilities (B, C) from logits (B, C): rows sum to 1 for single-label, each entry stands alone for multi-label. */
    public NDArray probabilities(NDArray logits) {
        return this == MULTI_LABEL ? Activation.sigmoid(logits) : logits.softmax(-1);
    }
}
