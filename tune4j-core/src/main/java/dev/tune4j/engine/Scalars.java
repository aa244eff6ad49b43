package dev.tune4j.engine;

import ai.djl.ndarray.NDArray;

/**
 * Multiplying, dividing or bounding an array by a Java number inside a forward that autograd records.
 *
 * <p>DJL's {@code NDArray.mul(Number)}, {@code div(Number)}, {@code pow(Number)} and {@code maximum(Number)}
 * wrap the number in a 0-d tensor over a Java direct buffer ({@code from_blob}) and close it as soon as
 * the op returns. Autograd keeps that tensor for the backward pass, and once the garbage collector has
 * freed the buffer the backward reads whatever was allocated there since: with a GC between forward
 * and backward, 173 of 200 gradients of {@code x.mul(0.125f)} came out wrong (-1.8e34, -9999, 0.795…)
 * under DJL 0.36 (see {@code ScalarsTest}). Here the number is first copied into memory that libtorch
 * owns and the graph keeps alive. {@code add(Number)} and {@code sub(Number)} are safe as they are:
 * their backward never reads the operand.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x · c}. */
    public static NDArray mul(NDArray x, double c) {
        try (NDArray k = constant(x, c)) {
            return x.mul(k);
        }
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, double c) {
        try (NDArray k = constant(x, c)) {
            return x.div(k);
        }
    }

    /** {@code max(x, c)} elementwise; where x equals c, torch splits the gradient evenly between them. */
    public static NDArray maximum(NDArray x, double c) {
        try (NDArray k = constant(x, c)) {
            return x.maximum(k);
        }
    }

    /** A 0-d float32 tensor holding {@code c} in libtorch's own memory, on {@code like}'s manager. */
    private static NDArray constant(NDArray like, double c) {
        try (NDArray overJavaBuffer = like.getManager().create((float) c)) {
            return overJavaBuffer.duplicate();
        }
    }
}
