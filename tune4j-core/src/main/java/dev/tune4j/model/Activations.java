package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import dev.tune4j.config.HiddenAct;
import dev.tune4j.engine.Scalars;

/** The activations a BERT config can name. */
public final class Activations {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {}

    public static NDArray apply(HiddenAct act, NDArray x) {
        return switch (act) {
            // torch's gelu defaults to the exact erf form, which is what Hugging Face's "gelu" means.
            case GELU -> x.getNDArrayInternal().gelu();
            case GELU_TANH -> geluTanh(x);
            case RELU -> x.getNDArrayInternal().relu();
            case TANH -> x.tanh();
        };
    }

    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalars.mul(Scalars.mul(x.mul(x).mul(x), 0.044715).add(x), SQRT_2_OVER_PI).tanh();
        return Scalars.mul(inner.add(1).mul(x), 0.5);
    }
}
