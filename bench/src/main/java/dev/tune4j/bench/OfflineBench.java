package dev.tune4j.bench;

import dev.tune4j.Classifier;
import dev.tune4j.engine.Offline;
import dev.tune4j.engine.Precision;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ceiling a server can reach: what {@code tune4j embed} runs ({@code Embedder.embed}) or what {@code tune4j
 * predict} runs ({@code Classifier.predictProba}) on the load generator's texts, in-process, no HTTP. Prints texts/s
 * of the best of {@code --repeats} passes after one warm-up pass.
 */
@Command(name = "offline-bench", mixinStandardHelpOptions = true,
        description = "Offline embed or predict throughput on the serve benchmark's texts.")
public final class OfflineBench implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "bert-base-uncased", description = "For /predict, a classifier's model directory.")
    String model;

    @Option(names = "--route", defaultValue = "/embed", description = "/embed or /predict: the server route this is the ceiling of.")
    String route;

    @Option(names = "--texts", defaultValue = "160", description = "Texts per pass.")
    int texts;

    @Option(names = "--tokens", defaultValue = "128", description = "Tokens per text, [CLS] and [SEP] included.")
    int tokens;

    @Option(names = "--repeats", defaultValue = "2", description = "Timed passes.")
    int repeats;

    @Option(names = "--batch-size", defaultValue = "16", description = "Texts per forward (16: what `embed` runs).")
    int batchSize;

    @Option(names = "--dtype", defaultValue = "auto")
    Precision dtype;

    /** One of the two offline paths: switched to a dtype, then run on texts in batches. */
    private interface Pass extends AutoCloseable {
        Precision runIn(Precision requested, Consumer<String> warn);

        void run(List<String> texts, int batchSize);

        @Override
        void close();
    }

    @Override
    public Integer call() {
        if (!route.equals("/embed") && !route.equals("/predict")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--route must be /embed or /predict, got " + route);
        }
        List<String> input = ServeTexts.make(texts, tokens, 42);
        try (Pass pass = open(ModelHub.resolve(model, line -> { }))) {
            Precision used = pass.runIn(dtype, System.err::println);
            pass.run(input.subList(0, Math.min(32, input.size())), batchSize);
            double best = 0;
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                pass.run(input, batchSize);
                double rate = input.size() / ((System.nanoTime() - start) / 1e9);
                System.err.printf(Locale.ROOT, "offline pass %d: %.2f texts/s%n", r + 1, rate);
                best = Math.max(best, rate);
            }
            System.out.printf(Locale.ROOT, "{\"offline_texts_per_s\": %.3f, \"route\": \"%s\", \"dtype\": \"%s\", "
                    + "\"texts\": %d, \"tokens\": %d, \"batch_size\": %d}%n", best, route,
                    used.name().toLowerCase(Locale.ROOT), texts, tokens, batchSize);
        }
        return 0;
    }

    private Pass open(Path dir) {
        if (route.equals("/predict")) {
            Classifier classifier = Classifier.load(dir);
            return new Pass() {
                public Precision runIn(Precision requested, Consumer<String> warn) {
                    return classifier.model().runIn(requested, warn);
                }

                public void run(List<String> texts, int batchSize) {
                    classifier.predictProba(texts, batchSize, 0);
                }

                public void close() {
                    classifier.close();
                }
            };
        }
        Embedder embedder = Embedder.load(dir, Pooling.CLS);
        return new Pass() {
            public Precision runIn(Precision requested, Consumer<String> warn) {
                return embedder.runIn(requested, warn);
            }

            public void run(List<String> texts, int batchSize) {
                embedder.embed(texts, batchSize, 0);
            }

            public void close() {
                embedder.close();
            }
        };
    }

    public static void main(String[] args) {
        Offline.ensure();
        System.exit(new CommandLine(new OfflineBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
