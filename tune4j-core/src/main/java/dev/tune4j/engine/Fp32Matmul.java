package dev.tune4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.Random;

/**
 * Which kernels multiply fp32 matrices: oneDNN where it stays fp32-exact, else libtorch's default (MKL sgemm).
 *
 * <p>On the AMD Zen CPUs we run on, MKL's sgemm reaches about half of oneDNN's fp32 rate (bench/BF16.md, route
 * (c): 42 vs 82 GF/s for matmul, a 1.6× faster BERT forward). libtorch sends fp32 products to oneDNN only when
 * the fp32 matmul precision is MEDIUM, a setting that also <em>permits</em> oneDNN to round the inputs to bf16,
 * which it does where the CPU has AMX. So we switch, multiply a fixed test product, and keep the switch only
 * when the result is fp32-exact: rounding to bf16 gives a relative error near 1e-3, fp32 below 1e-6.
 *
 * <p>libtorch routes fp32 products to oneDNN at MEDIUM only where oneDNN finds bf16 hardware (AVX512-BF16 or
 * AMX, and no ISA cap below it); elsewhere the setting changes nothing. On an AVX2-only CPU (emulated by capping
 * every kernel library at AVX2, {@code bench/run-matmul-isa.sh}) the "switched" and default forwards took the same
 * CPU time per pass, and a profile of the feature-extraction job with the switch on found MKL's sgemm kernel in
 * 52% of its samples and oneDNN in none (bench/RESULTS.md). So the switch is tried only where {@link CpuFeatures}
 * reports bf16, and {@link #backend()} says "default" everywhere else: what actually runs.
 *
 * <p>DJL has no call for the setting; {@code libtorch_cpu.so} exports the C++ setter, and JNA (a DJL dependency)
 * calls it. {@code -Dtune4j.matmul=default} keeps libtorch's default.
 */
public final class Fp32Matmul {

    /** The system property that turns the switch off ({@code default}). */
    public static final String PROPERTY = "tune4j.matmul";

    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_PRECISION = "_ZN2at7Context25setFloat32MatmulPrecisionENS_22Float32MatmulPrecisionE";
    /** {@code at::Float32MatmulPrecision}: HIGHEST = 0, HIGH = 1, MEDIUM = 2. */
    private static final int HIGHEST = 0;
    private static final int MEDIUM = 2;
    static final double FP32_EXACT = 1e-5;

    private static volatile String backend = "default";

    private Fp32Matmul() {}

    /** "onednn" or "default": what {@link Torch#engine()} settled on, for run provenance. */
    public static String backend() {
        Torch.engine();
        return backend;
    }

    /** Called once by {@link Torch#engine()} after libtorch is loaded. */
    static void configure(NDManager manager) {
        if ("default".equals(System.getProperty(PROPERTY)) || !CpuFeatures.current().hasBf16()) {
            return;
        }
        try {
            NativeLibrary torch = NativeLibraries.loaded("libtorch_cpu.so");
            Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
            torch.getFunction(SET_PRECISION).invokeVoid(new Object[] {context, MEDIUM});
            if (relativeError(manager) < FP32_EXACT) {
                backend = "onednn";
            } else {
                torch.getFunction(SET_PRECISION).invokeVoid(new Object[] {context, HIGHEST});
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // A libtorch without the symbol, or no /proc: the default kernels are correct, only slower.
            backend = "default";
        }
    }

    /** max |C − C₆₄| / max |C₆₄| of a (64 × 768)·(768 × 96) product against the same product in float64. */
    static double relativeError(NDManager manager) {
        int m = 64;
        int k = 768;
        int n = 96;
        Random random = new Random(7);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat() * 2 - 1;
        }
        float[] c;
        try (NDManager scope = manager.newSubManager();
             NDArray product = scope.create(a, new Shape(m, k)).matMul(scope.create(b, new Shape(k, n)))) {
            c = product.toFloatArray();
        }
        double maxError = 0;
        double maxAbs = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                for (int p = 0; p < k; p++) {
                    exact += (double) a[i * k + p] * b[p * n + j];
                }
                maxAbs = Math.max(maxAbs, Math.abs(exact));
                maxError = Math.max(maxError, Math.abs(c[i * n + j] - exact));
            }
        }
        return maxError / maxAbs;
    }
}
