package dev.tune4j.serve;

import java.util.Arrays;

/** Small float-vector arithmetic for answers. */
final class Vectors {

    private Vectors() {}

    /** The first {@code n} values of {@code v} (itself when it has no more). */
    static float[] first(float[] v, int n) {
        return n >= v.length ? v : Arrays.copyOf(v, n);
    }

    /** {@code v / ||v||₂} (in double, as a copy); the zero vector stays zero. */
    static float[] normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0f : (float) (v[i] / norm);
        }
        return out;
    }
}
