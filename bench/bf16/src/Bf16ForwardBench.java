import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Pretrained;
import dev.tune4j.model.BertModel;
import dev.tune4j.model.WeightLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * bert-base-uncased encoder forward (no pooler, grad off) in fp32 and in bf16 (tune4j's
 * BertModel.runIn(BF16)), same process, same pseudo-random ids (the LCG of bench/ TokenIds), passes
 * alternating so that load from other jobs hits both alike.
 * Args: mode (both|fp32|bf16) batch seq iters. Prints medians, the speed-up, bf16-vs-fp32 error, VmHWM.
 */
public final class Bf16ForwardBench {
    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "both";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seq = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int iters = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path dir = ModelHub.resolve("bert-base-uncased", System.err::println);
        try (Pretrained<BertModel> bert = Pretrained.load(dir, c -> new BertModel(c, false), tensors -> {
            String prefix = Pretrained.backbonePrefix(tensors);
            return new WeightLoader.Expectations(prefix, key -> false,
                    key -> !key.startsWith(prefix) || key.startsWith(prefix + "pooler.") || key.endsWith("position_ids"));
        })) {
            Torch.gradMode(false);
            BertModel model = bert.block();
            long[] ids = new long[batch * seq];
            long x = 42;
            for (int i = 0; i < ids.length; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                ids[i] = 1000 + Long.remainderUnsigned(x >>> 33, bert.config().vocabSize() - 1000);
            }
            ParameterStore ps = new ParameterStore(bert.manager(), false);
            Precision only = mode.equals("both") ? null : Precision.parse(mode);
            if (only != null) {
                System.out.println("running in " + model.runIn(only, line -> System.err.println("warning: " + line)));
            }
            double[] fp = new double[iters];
            double[] bf = new double[iters];
            for (int it = -1; it < iters; it++) { // pass -1 warms up
                try (NDManager scope = bert.manager().newSubManager()) {
                    Shape shape = new Shape(batch, seq);
                    NDList inputs = new NDList(scope.create(ids, shape), scope.zeros(shape, DataType.INT64),
                            scope.ones(shape, DataType.INT64));
                    if (only != null) {
                        long t0 = System.nanoTime();
                        model.forward(ps, inputs, false).get(0).getFloat(0, 0, 0);
                        (only == Precision.FP32 ? fp : bf)[Math.max(it, 0)] = (System.nanoTime() - t0) / 1e6;
                        continue;
                    }
                    model.runIn(Precision.FP32, line -> {});
                    long t0 = System.nanoTime();
                    NDArray ref = model.forward(ps, inputs, false).get(0); // (B, T, H)
                    ref.getFloat(0, 0, 0);
                    long t1 = System.nanoTime();
                    model.runIn(Precision.BF16, line -> System.err.println("warning: " + line));
                    long t2 = System.nanoTime();
                    NDArray out = model.forward(ps, inputs, false).get(0); // (B, T, H)
                    out.getFloat(0, 0, 0);
                    long t3 = System.nanoTime();
                    double relMax = out.sub(ref).abs().max().getFloat() / ref.abs().max().getFloat();
                    double cos = out.mul(ref).sum(new int[] {2})
                            .div(out.norm(new int[] {2}).mul(ref.norm(new int[] {2}))).mean().getFloat();
                    System.out.printf("pass %d: fp32 %.0f ms, bf16 %.0f ms (+%.0f ms weight copy, untimed); out %s; "
                            + "max|diff|/max|fp32| %.2e, mean token cosine %.6f%n", it, (t1 - t0) / 1e6, (t3 - t2) / 1e6,
                            (t2 - t1) / 1e6, out.getDataType(), relMax, cos);
                    if (it >= 0) {
                        fp[it] = (t1 - t0) / 1e6;
                        bf[it] = (t3 - t2) / 1e6;
                    }
                }
            }
            report("fp32", fp, batch, seq, only == null || only == Precision.FP32);
            report("bf16", bf, batch, seq, only == null || only != Precision.FP32);
            if (only == null) {
                System.out.printf("speed-up bf16/fp32 (medians): %.2fx%n", median(fp) / median(bf));
            }
            System.out.println(Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM ?").replaceAll("\\s+", " "));
        }
    }

    private static void report(String name, double[] ms, int batch, int seq, boolean ran) {
        if (ran) {
            System.out.printf("%s %dx%d: median %.0f ms/batch = %.2f seq/s (min %.0f, all %s)%n", name, batch, seq,
                    median(ms), batch * 1000 / median(ms), Arrays.stream(ms).min().orElse(0), Arrays.toString(
                            Arrays.stream(ms).map(Math::round).toArray()));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
