package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tune4j.engine.Scalars;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Inverted dropout, {@code where(keep, x, 0) / (1 − p)}, with the keep mask drawn in Java.
 *
 * <p>libtorch's CPU dropout draws its mask one element at a time from a Mersenne twister: in a BERT-base
 * training step at 32 × 250 tokens that was 3.3 of the 10.8 s forward (one thread), for about 576 M
 * decisions. A {@link SplittableRandom} gives four decisions per 64-bit draw at a fraction of that. Each call
 * seeds its generator from libtorch's, so {@code Engine.setRandomSeed} still makes training reproducible and
 * resumable. Autograd keeps the mask as one byte per element, where libtorch's dropout keeps a float.
 */
public final class Dropouts {

    private static final ThreadLocal<ByteBuffer> MASK = ThreadLocal.withInitial(() -> allocate(1 << 20));

    private Dropouts() {}

    /** x with each element zeroed with probability p and the rest scaled by 1/(1 − p); x itself when not training. */
    public static NDArray dropout(NDArray x, float p, boolean training) {
        if (!training || p == 0) {
            return x;
        }
        try (NDArray kept = zeroed(x, p, true)) {
            return Scalars.mul(kept, scale(p, true));
        }
    }

    /**
     * Dropout without its 1/(1 − p): for a caller that applies {@link #scale} to a smaller array further on
     * (a product over fewer elements), saving one pass over x forward and one backward.
     */
    public static NDArray zeroed(NDArray x, float p, boolean training) {
        if (!training || p == 0) {
            return x;
        }
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        NDManager manager = x.getManager();
        try (NDArray keep = keepMask(manager, x.getShape(), p);
             NDArray zero = manager.zeros(new Shape(), x.getDataType())) {
            return NDArrays.where(keep, x, zero);
        }
    }

    /** The factor {@link #zeroed} leaves out: 1/(1 − p) when it drops anything, else exactly 1. */
    public static double scale(float p, boolean training) {
        return training && p > 0 ? 1.0 / (1 - p) : 1.0;
    }

    /** A boolean array of the given shape, true with probability 1 − p, in libtorch's memory. */
    private static NDArray keepMask(NDManager manager, Shape shape, float p) {
        int n = Math.toIntExact(shape.size());
        long seed;
        try (NDArray draw = manager.randomInteger(0, Long.MAX_VALUE, new Shape(1), DataType.INT64)) {
            seed = draw.toLongArray()[0];
        }
        SplittableRandom random = new SplittableRandom(seed);
        // An element survives when 16 random bits reach round(p · 2¹⁶): p = 0.1 drops with probability
        // 0.100006. Eight decisions are packed into one long, one byte each, and written at once.
        long threshold = Math.round(p * 65536.0);
        ByteBuffer mask = buffer(n);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            mask.putLong(i, keep4(random.nextLong(), threshold) | keep4(random.nextLong(), threshold) << 32);
        }
        for (; i < n; i++) {
            mask.put(i, (byte) (keep4(random.nextLong(), threshold) & 1));
        }
        // The array over the Java buffer is copied into libtorch's memory: autograd keeps the mask, and the
        // buffer is reused by the next call.
        try (NDArray overBuffer = manager.create(mask.limit(n), shape, DataType.BOOLEAN)) {
            return overBuffer.duplicate();
        }
    }

    /** Four keep decisions from the four 16-bit fields of {@code bits}, as bytes 0 or 1 in the low 32 bits. */
    private static long keep4(long bits, long threshold) {
        long keep = 0;
        for (int k = 0; k < 4; k++) {
            long field = (bits >>> (16 * k)) & 0xFFFF;
            // field ≥ threshold exactly when threshold − 1 − field is negative: its sign bit.
            keep |= ((threshold - 1 - field) >>> 63) << (8 * k);
        }
        return keep;
    }

    private static ByteBuffer buffer(int n) {
        ByteBuffer mask = MASK.get();
        if (mask.capacity() < n) {
            mask = allocate(Math.max(n, mask.capacity() * 2));
            MASK.set(mask);
        }
        return mask.clear();
    }

    private static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
