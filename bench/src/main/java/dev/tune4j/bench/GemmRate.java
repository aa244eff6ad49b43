package dev.tune4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The fp32 matrix-product rate of this libtorch on this machine: the ceiling a forward pass made of
 * matrix products can approach. The shape is BERT-base's feed-forward up-projection for a batch of
 * 8 × 256 tokens, (2048 × 768) · (768 × 3072), the product that dominates the forward's work.
 *
 * <p>The benchmark takes samples between forward passes rather than in one block, so that other
 * processes on a shared machine slow both measurements alike instead of skewing their ratio.
 */
final class GemmRate implements AutoCloseable {

    static final int M = 2048;
    static final int K = 768;
    static final int N = 3072;
    static final double FLOP = 2.0 * M * K * N;

    private final NDManager scope;
    private final NDArray a;
    private final NDArray b;

    GemmRate(NDManager parent) {
        scope = parent.newSubManager();
        scope.getEngine().setRandomSeed(7);
        a = scope.randomNormal(new Shape(M, K));
        b = scope.randomNormal(new Shape(K, N));
    }

    /** Milliseconds of each of {@code n} products. */
    double[] sample(int n) {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            a.matMul(b).close();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
    }

    static double gflops(double ms) {
        return FLOP / (ms / 1e3) / 1e9;
    }

    @Override
    public void close() {
        scope.close();
    }
}
