package dev.tune4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.tune4j.engine.Offline;
import dev.tune4j.engine.Torch;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Pretrained;
import dev.tune4j.model.BertModel;
import dev.tune4j.model.WeightLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward throughput of {@link BertModel} (no pooler, grad mode off, fp32) on fixed pseudo-random
 * token ids with a full attention mask, plus the fp32 GEMM rate measured in the same process. With
 * {@code --first-token}, the forward of a [CLS] reader ({@link BertModel#forwardFirstToken}).
 * {@code bench/python/forward_bench.py} runs the same shapes and the same ids through PyTorch.
 */
@Command(name = "forward-bench", mixinStandardHelpOptions = true,
        description = "BERT forward throughput (sequences/s) and its share of the fp32 GEMM rate.")
public final class ForwardBench implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "bert-base-uncased", description = "Catalogue name or model directory.")
    String model;

    @Option(names = "--batch", defaultValue = "8")
    int batch;

    @Option(names = "--seq", defaultValue = "256", description = "Tokens per sequence.")
    int seq;

    @Option(names = "--iters", defaultValue = "10", description = "Timed forward passes.")
    int iters;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed forward passes first.")
    int warmup;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: all cores).")
    Integer threads;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "After the timed passes, profile one more and write libtorch's Chrome trace to FILE.")
    Path profile;

    @Option(names = "--first-token", description = "Time the forward a [CLS] or pooler reader runs (BertModel.forwardFirstToken): "
            + "the last layer computes position 0 alone.")
    boolean firstToken;

    @Option(names = "--json", description = "Print one JSON object on stdout; the readable report goes to stderr.")
    boolean json;

    /** GEMM samples taken after each forward pass, warm-up included. */
    private static final int GEMMS_PER_ITER = 3;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        Offline.ensure();
        System.exit(new CommandLine(new ForwardBench()).execute(args));
    }

    @Override
    public Integer call() {
        if (threads != null) {
            // Read once when the engine starts, so it must be set before anything touches Torch.
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        }
        long loadStart = System.nanoTime();
        Path dir = ModelHub.resolve(model, line -> System.err.println("tune4j: " + line));
        try (Pretrained<BertModel> bert = Pretrained.load(dir, c -> new BertModel(c, false), tensors -> {
            String prefix = Pretrained.backbonePrefix(tensors);
            return new WeightLoader.Expectations(prefix, key -> false,
                    key -> !key.startsWith(prefix) || key.startsWith(prefix + "pooler.") || key.endsWith("position_ids"));
        })) {
            double loadS = (System.nanoTime() - loadStart) / 1e9;
            ForwardResult result = measure(dir, bert);
            result.print(json ? System.err : System.out, loadS);
            if (json) {
                System.out.println(result.json());
            }
        }
        return 0;
    }

    /** Forward passes with GEMM samples after each, warm-up first. */
    private ForwardResult measure(Path dir, Pretrained<BertModel> bert) {
        Torch.gradMode(false);
        Forward forward = new Forward(bert, new ParameterStore(bert.manager(), false),
                TokenIds.generate(batch * seq, bert.config().vocabSize()));
        double[] fwdMs = new double[iters];
        double[] cpuMs = new double[iters];
        double[][] gemmMs = new double[iters][];
        try (GemmRate gemm = new GemmRate(bert.manager())) {
            for (int i = 0; i < warmup; i++) {
                forward.run();
                gemm.sample(GEMMS_PER_ITER);
            }
            for (int i = 0; i < iters; i++) {
                fwdMs[i] = forward.run();
                cpuMs[i] = forward.cpuMs;
                gemmMs[i] = gemm.sample(GEMMS_PER_ITER);
            }
        }
        if (profile != null) {
            JniUtils.startProfile(false, true, false);
            forward.run();
            JniUtils.stopProfile(profile.toAbsolutePath().toString());
        }
        return new ForwardResult(model, dir, batch, seq, firstToken, warmup, JniUtils.getNumThreads(), new Timings(fwdMs), new Timings(cpuMs), Timings.of(gemmMs),
                BertFlops.perSequence(bert.config(), seq, firstToken) / 1e9, forward.outMeanAbs);
    }

    /** One timed forward pass on fresh inputs; the outputs are released before it returns. */
    private final class Forward {

        private final Pretrained<BertModel> bert;
        private final ParameterStore ps;
        private final long[] ids;
        double outMeanAbs;
        /**
         * CPU time of the calling thread during the last pass. With one intra-op thread libtorch computes on the
         * calling thread, so this is the pass's work without the time other processes took the core away.
         */
        double cpuMs;

        Forward(Pretrained<BertModel> bert, ParameterStore ps, long[] ids) {
            this.bert = bert;
            this.ps = ps;
            this.ids = ids;
        }

        /** Milliseconds of the forward alone; the checksum of its output is computed after the clock stops. */
        double run() {
            try (NDManager scope = bert.manager().newSubManager()) {
                Shape shape = new Shape(batch, seq);
                long[] ones = new long[batch * seq];
                Arrays.fill(ones, 1);
                NDList inputs = new NDList(scope.create(ids, shape), scope.zeros(shape, DataType.INT64), scope.create(ones, shape));
                long start = System.nanoTime();
                long cpuStart = CPU.getCurrentThreadCpuTime();
                NDArray out = (firstToken ? bert.block().forwardFirstToken(ps, inputs, false)
                        : bert.block().forward(ps, inputs, false)).get(0); // (B, T, H), or (B, 1, H)
                double ms = (System.nanoTime() - start) / 1e6;
                cpuMs = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                outMeanAbs = out.abs().mean().getFloat();
                return ms;
            }
        }
    }
}
