import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tune4j.engine.Bf16Torch;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * What bf16 autocast pays per micro-batch for weights that do not train: casting bert-base's 72 encoder Linear
 * weights (12 layers × query, key, value, attention output 768 × 768, intermediate 3072 × 768, output 768 × 3072)
 * from fp32 to bf16, as {@code Autocast.linear} does on every call. Args: reps.
 */
public final class CastProbe {
    public static void main(String[] args) {
        if (Precision.BF16.resolve(System.err::println) != Precision.BF16) {
            System.exit(1);
        }
        int reps = Integer.parseInt(args[0]);
        try (NDManager m = Torch.newManager()) {
            List<NDArray> weights = new ArrayList<>();
            long n = 0;
            for (int layer = 0; layer < 12; layer++) {
                for (Shape s : new Shape[] {new Shape(768, 768), new Shape(768, 768), new Shape(768, 768),
                        new Shape(768, 768), new Shape(3072, 768), new Shape(768, 3072)}) {
                    weights.add(m.randomNormal(s));
                    n += s.size();
                }
            }
            for (int rep = 0; rep < reps; rep++) {
                long t0 = System.nanoTime();
                try (PointerScope scope = new PointerScope()) {
                    for (NDArray w : weights) {
                        Bf16Torch.view(w).to(ScalarType.BFloat16);
                    }
                }
                System.out.printf("pass %d: %,d weights cast to bf16 in %.1f ms%n", rep, n, (System.nanoTime() - t0) / 1e6);
            }
        }
    }
}
