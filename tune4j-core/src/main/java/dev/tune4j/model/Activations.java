package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import dev.tune4j.config.HiddenAct;

/** The activations a BERT config can name. */
final class Activations {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {}

    static NDArray apply(HiddenAct act, NDArray x) {
        return switch (act) {
            // torch's gelu defaults to the exact erf form, which is what Hugging Face's "gelu" means.
            case GELU -> x.getNDArrayInternal().gelu();
            case GELU_TANH -> geluTanh(x);
            case RELU -> x.getNDArrayInternal().relu();
        };
    }

    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = x.pow(3).mul(0.044715).add(x).mul(SQRT_2_OVER_PI).tanh();
        return inner.add(1).mul(x).mul(0.5);
    }
}
