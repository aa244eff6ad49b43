package dev.tune4j.engine;

import ai.djl.ndarray.NDArray;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * bf16 mixed-precision training, as {@code torch.autocast("cpu", torch.bfloat16)} does it for Linear layers: inside
 * a scope, a training forward multiplies in bf16 — input, weight and bias cast per call, the product cast back —
 * and autograd, which records the casts, returns fp32 gradients to the fp32 weights. Master weights, optimizer
 * state, activations between layers and everything DJL holds stay fp32; the bf16 tensors live only in libtorch
 * through JavaCPP ({@link Bf16Torch}), never in a DJL array. Thread-local, like torch's autocast.
 *
 * <p>Measured on one Zen 5 core (bench/bf16/run.sh amp): a (2000 × 768)·(768 × 3072) Linear trains 2.15× faster
 * than fp32 on oneDNN, forward and backward including the casts.
 */
public final class Autocast implements AutoCloseable {

    private static final ThreadLocal<Boolean> BF16 = ThreadLocal.withInitial(() -> false);

    private final boolean previous;

    private Autocast(boolean on) {
        previous = BF16.get();
        BF16.set(on);
    }

    /**
     * Linear layers of training forwards on this thread run in bf16 until {@link #close()} when {@code on};
     * {@code on} requires a resolved {@link Precision#BF16} (which loads the bf16 library).
     */
    public static Autocast bf16(boolean on) {
        if (on && !Bf16Torch.loaded()) {
            throw new IllegalStateException("bf16 autocast needs the bf16 library; resolve Precision.BF16 first");
        }
        return new Autocast(on);
    }

    /** Whether Linear layers of a training forward on this thread multiply in bf16. */
    public static boolean active() {
        return BF16.get();
    }

    /** {@code x·Wᵀ + b} multiplied in bf16, returned in fp32; gradients flow to x, W and b in fp32. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        try (PointerScope scope = new PointerScope()) {
            Tensor b = bias == null ? null : Bf16Torch.view(bias).to(ScalarType.BFloat16);
            Tensor y = torch.linear(Bf16Torch.view(x).to(ScalarType.BFloat16), Bf16Torch.view(weight).to(ScalarType.BFloat16),
                    b == null ? new TensorOptional() : new TensorOptional(b));
            return Bf16Torch.toDjl(x.getManager(), y.to(ScalarType.Float));
        }
    }

    @Override
    public void close() {
        BF16.set(previous);
    }
}
