package dev.tune4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tune4j.adapt.Adapters;
import dev.tune4j.adapt.Lora;
import dev.tune4j.adapt.Technique;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.data.LabelMap;
import dev.tune4j.engine.Autocast;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Scalars;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.model.WeightLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark, not a test: one training step (forward, backward, clip, AdamW) of a technique at batch B × T
 * tokens, as {@link ClassifierTrainer} runs it, on synthetic token ids. Prints one JSON line with the
 * median step time and the process's peak resident memory (VmHWM), so run one technique per JVM;
 * {@code bench/run-adapters.sh} runs every method and prints the ratios.
 *
 * <p>Arguments: method (full | lora | adapter: one per layer, after the feed-forward | adapter-both: Houlsby's two per
 * layer | lora-nodropout: what LoRA's own dropout costs), model (bert-base-uncased), batch (32), tokens (250),
 * measured steps (3), micro-batch (auto: the trainer's pass size, 4 at 250 tokens), dtype (fp32 | bf16: mixed precision, {@link Autocast}).
 */
public final class AdapterStepBench {

    private AdapterStepBench() {}

    public static void main(String[] args) throws Exception {
        String method = arg(args, 0, "full");
        LoraConfig lora = LoraConfig.DEFAULT;
        Technique technique = switch (method) {
            case "adapter-both" -> new Adapters(new AdapterConfig(AdapterConfig.DEFAULT.size(), AdapterPlacement.BOTH), false);
            case "lora-nodropout" -> new Lora(new LoraConfig(lora.rank(), lora.alpha(), 0f, lora.targets()));
            default -> Technique.fromCliName(method);
        };
        String modelName = arg(args, 1, "bert-base-uncased");
        int batch = Integer.parseInt(arg(args, 2, "32"));
        int tokens = Integer.parseInt(arg(args, 3, "250"));
        int steps = Integer.parseInt(arg(args, 4, "3"));
        String microArg = arg(args, 5, "auto");
        int micro = microArg.equals("auto") ? ClassifierTrainer.passSize(batch, tokens) : Integer.parseInt(microArg);
        boolean bf16 = Precision.parse(arg(args, 6, "fp32")).resolve(System.err::println) == Precision.BF16;
        TrainConfig config = TrainConfig.builder(technique).model(modelName).batchSize(batch).maxLength(Math.max(tokens, 8))
                .build();
        Path base = ModelHub.resolve(modelName, System.err::println);
        try (ClassifierModel model = ClassifierModel.fromPretrained(base, config.head(2), technique.additions(),
                new LabelMap(List.of("negative", "positive")), config.maxLength(), config.truncation(), config.seed())) {
            Map<String, Parameter> trainable = technique.configure(model.block());
            trainable.values().forEach(WeightLoader::detachFromFile);
            List<Parameter> params = List.copyOf(trainable.values());
            long trained = params.stream().mapToLong(p -> p.getArray().size()).sum();
            AdamW optimizer = new AdamW(new AdamW.Hyper(0.9f, 0.999f, 1e-8f, config.weightDecay()), model.manager());
            ParameterStore ps = new ParameterStore(model.manager(), false);
            Random rng = new Random(1);
            double[] seconds = new double[steps];
            double[][] phases = new double[3][steps]; // forward (with the loss), backward, clip + AdamW
            for (int s = -1; s < steps; s++) { // step -1 warms up
                long start = System.nanoTime();
                double[] phase = new double[3];
                for (int from = 0; from < batch; from += micro) {
                    int rows = Math.min(micro, batch - from);
                    try (NDManager scope = model.manager().newSubManager();
                         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        long[] ids = new long[rows * tokens];
                        Arrays.setAll(ids, i -> i % tokens == 0 ? 101 : 1000 + rng.nextInt(29000));
                        long[] ones = new long[rows * tokens];
                        Arrays.fill(ones, 1);
                        Shape shape = new Shape(rows, tokens);
                        NDList inputs = new NDList(scope.create(ids, shape), scope.create(new long[rows * tokens], shape),
                                scope.create(ones, shape));
                        long t0 = System.nanoTime();
                        NDArray logits;
                        try (Autocast ignored = Autocast.bf16(bf16)) {
                            logits = model.block().forward(ps, inputs, true).singletonOrThrow();
                        }
                        int[] labels = new int[rows];
                        Arrays.setAll(labels, i -> rng.nextInt(2));
                        NDArray loss = Scalars.mul(Losses.crossEntropy(logits, labels, null), (double) rows / batch);
                        long t1 = System.nanoTime();
                        gc.backward(loss);
                        phase[0] += (t1 - t0) / 1e9;
                        phase[1] += (System.nanoTime() - t1) / 1e9;
                    }
                }
                long t2 = System.nanoTime();
                Gradients.clipGlobalNorm(params, 1f);
                optimizer.step(params, 1e-4f);
                phase[2] = (System.nanoTime() - t2) / 1e9;
                if (s >= 0) {
                    seconds[s] = (System.nanoTime() - start) / 1e9;
                    for (int p = 0; p < 3; p++) {
                        phases[p][s] = phase[p];
                    }
                }
            }
            Arrays.sort(seconds);
            for (double[] p : phases) {
                Arrays.sort(p);
            }
            System.out.printf(Locale.ROOT, "{\"method\": \"%s\", \"dtype\": \"%s\", \"batch\": %d, \"tokens\": %d, \"micro_batch\": %d, "
                            + "\"trainable\": %d, \"total\": %d, \"step_seconds\": %.3f, \"forward_s\": %.3f, \"backward_s\": %.3f, "
                            + "\"update_s\": %.3f, \"peak_rss_mb\": %d}%n",
                    method, bf16 ? "bf16" : "fp32", batch, tokens, micro, trained, model.parameterCount(), seconds[steps / 2],
                    phases[0][steps / 2], phases[1][steps / 2], phases[2][steps / 2], peakRssKb() / 1024);
        }
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }

    /** VmHWM from /proc/self/status, in kB (0 where there is no /proc). */
    private static long peakRssKb() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        return Files.readAllLines(status, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("VmHWM:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
    }
}
