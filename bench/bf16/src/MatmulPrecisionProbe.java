import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Arrays;

/**
 * Route (c): does DJL's libtorch 2.7.1 run fp32 matmul/linear in bf16 inside oneDNN once
 * at::globalContext().setFloat32MatmulPrecision(MEDIUM) is called (via JNA on the exported symbol)?
 * Args: [set] — call the setter after a baseline measurement.
 */
public final class MatmulPrecisionProbe {
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.default_engine", "PyTorch");
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        System.out.println("engine " + engine.getVersion() + " env ONEDNN_DEFAULT_FPMATH_MODE=" + System.getenv("ONEDNN_DEFAULT_FPMATH_MODE"));
        try (NDManager m = engine.newBaseManager()) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            m.getEngine().setRandomSeed(1);
            NDArray a = m.randomNormal(new Shape(2048, 768));
            NDArray b = m.randomNormal(new Shape(768, 3072)).div(Math.sqrt(768));
            NDArray x3 = a.reshape(8, 256, 768);
            NDArray w = b.transpose().duplicate(); // (3072, 768) like a Linear weight
            NDArray bias = m.randomNormal(new Shape(3072));
            NDArray ref = a.toType(DataType.FLOAT64, false).matMul(b.toType(DataType.FLOAT64, false));
            measure("baseline", a, b, x3, w, bias, ref);
            if (args.length > 0 && args[0].equals("set")) {
                String lib = findLoaded("libtorch_cpu.so");
                NativeLibrary torch = NativeLibrary.getInstance(lib);
                Pointer ctx = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
                Function get = torch.getFunction("_ZNK2at7Context22float32MatmulPrecisionEv");
                System.out.println("precision before " + get.invokeInt(new Object[] {ctx}));
                torch.getFunction("_ZN2at7Context25setFloat32MatmulPrecisionENS_22Float32MatmulPrecisionE")
                        .invokeVoid(new Object[] {ctx, 2}); // HIGHEST=0, HIGH=1, MEDIUM=2
                System.out.println("precision after " + get.invokeInt(new Object[] {ctx}));
                measure("MEDIUM", a, b, x3, w, bias, ref);
            }
        }
    }

    static String findLoaded(String name) throws Exception {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
            if (line.endsWith("/" + name)) {
                return line.substring(line.indexOf('/'));
            }
        }
        throw new IllegalStateException(name + " not mapped");
    }

    static void measure(String label, NDArray a, NDArray b, NDArray x3, NDArray w, NDArray bias, NDArray ref) {
        double flops = 2.0 * 2048 * 768 * 3072;
        double[] mm = new double[7];
        double[] lin = new double[7];
        NDArray c = null;
        NDArray l = null;
        for (int i = 0; i < mm.length; i++) {
            long t0 = System.nanoTime();
            c = a.matMul(b);
            c.getFloat(0, 0);
            mm[i] = flops / (System.nanoTime() - t0);
            long t1 = System.nanoTime();
            l = Linear.linear(x3, w, bias).get(0);
            l.getFloat(0, 0, 0);
            lin[i] = flops / (System.nanoTime() - t1);
        }
        Arrays.sort(mm);
        Arrays.sort(lin);
        double relErr = c.toType(DataType.FLOAT64, false).sub(ref).abs().max().getDouble() / ref.abs().max().getDouble();
        NDArray lref = ref.reshape(8, 256, 3072).add(bias.toType(DataType.FLOAT64, false));
        double linErr = l.toType(DataType.FLOAT64, false).sub(lref).abs().max().getDouble() / lref.abs().max().getDouble();
        System.out.printf("%-9s matmul median %.0f GFLOPS (max %.0f) relErr %.2e | linear median %.0f GFLOPS (max %.0f) relErr %.2e%n",
                label, mm[3], mm[6], relErr, lin[3], lin[6], linErr);
    }
}
