import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Route (a'): ONE libtorch in the process (DJL's), with JavaCPP's JNI glue (libjnitorch.so only)
 * bound to it. JavaCPP's own libtorch_cpu.so is never loaded, so nothing registers twice.
 * Then a zero-copy bridge: DJL fp32 NDArray handle (an at::Tensor*) -> JavaCPP Tensor -> bf16 linear
 * -> fp32 -> new at::Tensor handed back to DJL. DJL never sees a BFloat16 tensor.
 * Arg: path of libjnitorch.so extracted from org.bytedeco:pytorch:2.7.1-1.5.12:linux-x86_64.
 */
public final class SharedLibtorchProbe {
    static final double FLOPS = 2.0 * 2048 * 768 * 3072;

    public static void main(String[] args) {
        System.setProperty("ai.djl.default_engine", "PyTorch");
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            NDArray x = m.randomNormal(new Shape(8, 256, 768));
            NDArray w = m.randomNormal(new Shape(3072, 768)).div(Math.sqrt(768));
            NDArray bias = m.randomNormal(new Shape(3072));
            double[] g = new double[7];
            NDArray y = null;
            for (int i = 0; i < g.length; i++) {
                long t0 = System.nanoTime();
                y = Linear.linear(x, w, bias).get(0);
                y.getFloat(0, 0, 0);
                g[i] = FLOPS / (System.nanoTime() - t0);
            }
            Arrays.sort(g);
            System.out.printf("DJL fp32 linear median %.0f GFLOPS (max %.0f)%n", g[3], g[6]);

            System.setProperty("org.bytedeco.javacpp.loadLibraries", "false");
            System.load(args[0]);
            System.out.println("libjnitorch loaded against DJL's libtorch; torch.get_num_threads=" + torch.get_num_threads());

            try (PointerScope scope = new PointerScope()) {
                Tensor wb = view(w).to(ScalarType.BFloat16);
                Tensor bb = view(bias).to(ScalarType.BFloat16);
                NDArray yb = null;
                for (int i = 0; i < g.length; i++) {
                    long t0 = System.nanoTime();
                    try (PointerScope inner = new PointerScope()) {
                        Tensor out = torch.linear(view(x).to(ScalarType.BFloat16), wb, bb).to(ScalarType.Float);
                        yb = toDjl(m, out);
                    }
                    yb.getFloat(0, 0, 0);
                    g[i] = FLOPS / (System.nanoTime() - t0);
                }
                Arrays.sort(g);
                double err = yb.sub(y).abs().max().getFloat() / y.abs().max().getFloat();
                System.out.printf("bridge bf16 linear (incl. casts) median %.0f GFLOPS (max %.0f) relErr vs fp32 %.2e dtype %s%n",
                        g[3], g[6], err, yb.getDataType());
            }
            try (PointerScope scope = new PointerScope()) {
                Tensor xb = view(x).to(ScalarType.BFloat16);
                Tensor wb = view(w).to(ScalarType.BFloat16);
                Tensor wbt = wb.t().contiguous();
                Tensor x2 = xb.reshape(2048, 768);
                time("bf16 matmul (2048x768)@(768x3072), no casts", () -> torch.matmul(x2, wbt));
                time("bf16 linear no bias, no casts", () -> torch.linear(xb, wb));
                Tensor xf = view(x);
                Tensor wf = view(w);
                time("fp32 linear no bias via JavaCPP (same libtorch)", () -> torch.linear(xf, wf));
                Tensor yf = view(y);
                timeMs("cast y fp32->bf16 (6.3M)", () -> yf.to(ScalarType.BFloat16));
                Tensor yb16 = yf.to(ScalarType.BFloat16);
                timeMs("cast y bf16->fp32 (6.3M)", () -> yb16.to(ScalarType.Float));
            }
            System.out.println("OK");
        }
    }

    static void time(String label, java.util.function.Supplier<Tensor> f) {
        double[] g = new double[7];
        for (int i = 0; i < g.length; i++) {
            try (PointerScope s = new PointerScope()) {
                long t0 = System.nanoTime();
                f.get();
                g[i] = FLOPS / (System.nanoTime() - t0);
            }
        }
        Arrays.sort(g);
        System.out.printf("%s: median %.0f GFLOPS (max %.0f)%n", label, g[3], g[6]);
    }

    static void timeMs(String label, java.util.function.Supplier<Tensor> f) {
        double[] g = new double[7];
        for (int i = 0; i < g.length; i++) {
            try (PointerScope s = new PointerScope()) {
                long t0 = System.nanoTime();
                f.get();
                g[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(g);
        System.out.printf("%s: median %.1f ms (min %.1f)%n", label, g[3], g[0]);
    }

    /** A JavaCPP view of the at::Tensor that a DJL NDArray's handle points to (no copy, no ownership). */
    static Tensor view(NDArray a) {
        long handle = ((PtNDArray) a).getHandle();
        return new Tensor(new Pointer() { { address = handle; } });
    }

    /** Hands a new at::Tensor (sharing storage with t) to DJL, which will delete it on close. */
    static NDArray toDjl(NDManager m, Tensor t) {
        Tensor owned = new Tensor(t);
        owned.retainReference();
        long address = owned.address();
        owned.deallocate(false);
        return new PtNDArray((PtNDManager) m, address);
    }
}
