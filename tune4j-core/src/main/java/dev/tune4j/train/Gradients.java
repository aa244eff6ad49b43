package dev.tune4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.List;

/** Gradient utilities. Each {@code getGradient()} makes a new native handle, so every use is scoped. */
public final class Gradients {

    private Gradients() {}

    /** Scales all gradients so their global L2 norm is at most {@code maxNorm}; returns the norm before clipping. */
    public static double clipGlobalNorm(List<Parameter> params, float maxNorm) {
        double sq = 0;
        try (NDScope scope = new NDScope()) {
            for (Parameter p : params) {
                NDArray g = p.getArray().getGradient();
                sq += g.square().sum().getFloat();
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            try (NDScope scope = new NDScope()) {
                for (Parameter p : params) {
                    p.getArray().getGradient().muli(scale);
                }
            }
        }
        return norm;
    }

    /**
     * Sets every gradient to 0, NaN included (multiplying by 0 would keep NaN), by copying zeros in: DJL's
     * {@code set(new NDIndex(), 0f)} is refused by libtorch ("empty index list").
     */
    public static void zero(List<Parameter> params) {
        try (NDScope scope = new NDScope()) {
            for (Parameter p : params) {
                NDArray g = p.getArray().getGradient();
                g.set(new float[Math.toIntExact(g.size())]);
            }
        }
    }
}
