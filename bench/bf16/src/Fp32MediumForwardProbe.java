import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Pretrained;
import dev.tune4j.model.BertModel;
import dev.tune4j.model.WeightLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Side finding of route (c): at::globalContext().setFloat32MatmulPrecision(MEDIUM) (via JNA) moves DJL's
 * fp32 matmuls from MKL sgemm to oneDNN, still in fp32 on this CPU (no AMX). Does the fp32 BERT forward get faster?
 * Args: batch seq iters. Alternates fp32 default, fp32 MEDIUM and tune4j bf16 passes.
 */
public final class Fp32MediumForwardProbe {
    public static void main(String[] args) throws Exception {
        int batch = Integer.parseInt(args[0]);
        int seq = Integer.parseInt(args[1]);
        int iters = Integer.parseInt(args[2]);
        Path dir = ModelHub.resolve("bert-base-uncased", System.err::println);
        try (Pretrained<BertModel> bert = Pretrained.load(dir, c -> new BertModel(c, false), tensors -> {
            String prefix = Pretrained.backbonePrefix(tensors);
            return new WeightLoader.Expectations(prefix, key -> false,
                    key -> !key.startsWith(prefix) || key.startsWith(prefix + "pooler.") || key.endsWith("position_ids"));
        })) {
            Torch.gradMode(false);
            String lib = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith("/libtorch_cpu.so"))
                    .findFirst().map(l -> l.substring(l.indexOf('/'))).orElseThrow();
            NativeLibrary torch = NativeLibrary.getInstance(lib);
            Pointer ctx = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            long[] ids = new long[batch * seq];
            long x = 42;
            for (int i = 0; i < ids.length; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                ids[i] = 1000 + Long.remainderUnsigned(x >>> 33, 30522 - 1000);
            }
            ParameterStore ps = new ParameterStore(bert.manager(), false);
            for (int it = 0; it < iters; it++) {
                try (NDManager scope = bert.manager().newSubManager()) {
                    Shape shape = new Shape(batch, seq);
                    NDList in = new NDList(scope.create(ids, shape), scope.zeros(shape, DataType.INT64), scope.ones(shape, DataType.INT64));
                    NDArray[] out = new NDArray[3];
                    double[] ms = new double[3];
                    for (int p = 0; p < 3; p++) {
                        torch.getFunction("_ZN2at7Context25setFloat32MatmulPrecisionENS_22Float32MatmulPrecisionE")
                                .invokeVoid(new Object[] {ctx, p == 1 ? 2 : 0});
                        bert.block().runIn(p == 2 ? Precision.BF16 : Precision.FP32, System.err::println);
                        long t0 = System.nanoTime();
                        out[p] = bert.block().forward(ps, in, false).get(0);
                        out[p].getFloat(0, 0, 0);
                        ms[p] = (System.nanoTime() - t0) / 1e6;
                    }
                    System.out.printf("pass %d: fp32 default %.0f ms, fp32 MEDIUM %.0f ms (max|diff| %.2e), bf16 %.0f ms "
                            + "(max|diff| %.2e)%n", it, ms[0], ms[1], out[1].sub(out[0]).abs().max().getFloat(), ms[2],
                            out[2].sub(out[0]).abs().max().getFloat());
                }
            }
        }
    }
}
