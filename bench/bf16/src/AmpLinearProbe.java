import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import dev.tune4j.engine.Autocast;
import dev.tune4j.engine.Fp32Matmul;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import java.util.Arrays;

/**
 * The upper bound of bf16 mixed-precision training on this route: one Linear layer, forward and backward, in
 * tune4j's fp32 (DJL, oneDNN kernels) against autocast-style bf16 through JavaCPP on the same at::Tensors
 * (input and weight cast to bf16, product cast back to fp32, autograd recording all of it, so the fp32 master
 * weight receives the gradient). If a single layer does not reach 2×, a whole training step cannot.
 * Args: in, out, rows, reps, and "w" to also train the weight (full fine-tuning)
 * rather than only pass the gradient to the input (a frozen layer under LoRA or adapters).
 */
public final class AmpLinearProbe {
    public static void main(String[] args) {
        if (Precision.BF16.resolve(System.err::println) != Precision.BF16) {
            System.exit(1);
        }
        int in = Integer.parseInt(args[0]);
        int out = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        boolean trainWeight = args.length > 4 && args[4].equals("w");
        System.out.printf("fp32 matmul: %s; (%d × %d)·(%d × %d), %s%n", Fp32Matmul.backend(), rows, in, in, out,
                trainWeight ? "weight and input gradients" : "input gradient only");
        double[][] ms = new double[4][reps]; // fp32 fwd, fp32 bwd, bf16 fwd, bf16 bwd
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.randomNormal(new Shape(rows, in));
            NDArray w = m.randomNormal(0, 0.02f, new Shape(out, in), DataType.FLOAT32);
            NDArray b = m.zeros(new Shape(out));
            x.setRequiresGradient(true);
            w.setRequiresGradient(trainWeight);
            b.setRequiresGradient(trainWeight);
            for (int rep = -1; rep < reps; rep++) {
                for (int mode = 0; mode < 2; mode++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        long t0 = System.nanoTime();
                        // The fp32 Linear the model runs outside autocast, and the one Dense runs inside it.
                        NDArray y = mode == 0 ? Linear.linear(x, w, b).singletonOrThrow() : Autocast.linear(x, w, b);
                        NDArray loss = y.sum();
                        long t1 = System.nanoTime();
                        gc.backward(loss);
                        long t2 = System.nanoTime();
                        if (rep >= 0) {
                            ms[2 * mode][rep] = (t1 - t0) / 1e6;
                            ms[2 * mode + 1][rep] = (t2 - t1) / 1e6;
                        }
                        y.close(); // both live on x's manager, for every rep
                        loss.close();
                    }
                }
            }
        }
        for (double[] row : ms) {
            Arrays.sort(row);
        }
        double fp32 = ms[0][reps / 2] + ms[1][reps / 2];
        double bf16 = ms[2][reps / 2] + ms[3][reps / 2];
        System.out.printf("medians of %d: fp32 forward %.1f ms, backward %.1f ms; bf16 autocast forward %.1f ms, backward %.1f ms;"
                + " step speed-up %.2fx%n", reps, ms[0][reps / 2], ms[1][reps / 2], ms[2][reps / 2], ms[3][reps / 2], fp32 / bf16);
    }
}
