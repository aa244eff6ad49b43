import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Route (a): JavaCPP's org.bytedeco:pytorch 2.7.1-1.5.12. Modes:
 *   jcpp           JavaCPP torch alone: fp32 vs bf16 matmul GFLOPS and error
 *   djl-then-jcpp  start DJL's engine, run a DJL matmul, then load JavaCPP torch and run its bf16 matmul
 *   jcpp-then-djl  the other order
 */
public final class JavacppProbe {
    public static void main(String[] args) {
        String mode = args[0];
        if (mode.equals("djl-then-jcpp")) {
            djl();
            jcpp();
            djl();
        } else if (mode.equals("jcpp-then-djl")) {
            jcpp();
            djl();
            jcpp();
        } else {
            jcpp();
        }
        System.out.println("OK " + mode);
    }

    static void djl() {
        System.setProperty("ai.djl.default_engine", "PyTorch");
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(2048, 768));
            NDArray b = m.randomNormal(new Shape(768, 3072));
            double[] g = new double[5];
            for (int i = 0; i < g.length; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0);
                g[i] = 2.0 * 2048 * 768 * 3072 / (System.nanoTime() - t0);
            }
            Arrays.sort(g);
            System.out.printf("DJL fp32 matmul median %.0f GFLOPS%n", g[2]);
        }
    }

    static void jcpp() {
        torch.set_num_threads(2);
        torch.manual_seed(1);
        Tensor a = torch.randn(2048, 768);
        Tensor b = torch.randn(768, 3072).div(new org.bytedeco.pytorch.Scalar(Math.sqrt(768)));
        Tensor ref = torch.matmul(a.to(ScalarType.Double), b.to(ScalarType.Double));
        for (ScalarType dt : new ScalarType[] {ScalarType.Float, ScalarType.BFloat16}) {
            Tensor ad = a.to(dt);
            Tensor bd = b.to(dt);
            double[] g = new double[7];
            Tensor c = null;
            for (int i = 0; i < g.length; i++) {
                long t0 = System.nanoTime();
                c = torch.matmul(ad, bd);
                g[i] = 2.0 * 2048 * 768 * 3072 / (System.nanoTime() - t0);
            }
            Arrays.sort(g);
            double err = c.to(ScalarType.Double).sub(ref).abs().max().item().toDouble() / ref.abs().max().item().toDouble();
            System.out.printf("JavaCPP %s matmul median %.0f GFLOPS (max %.0f) relErr %.2e%n", dt, g[3], g[6], err);
        }
    }
}
