package dev.tune4j.bench;

import dev.tune4j.engine.Offline;
import dev.tune4j.engine.Precision;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ceiling a server can reach: {@code Embedder.embed} (what {@code tune4j embed} runs) on the load generator's
 * texts, in-process, no HTTP. Prints texts/s of the best of {@code --repeats} passes after one warm-up pass.
 */
@Command(name = "offline-embed-bench", mixinStandardHelpOptions = true,
        description = "Offline embed throughput on the serve benchmark's texts.")
public final class OfflineEmbedBench implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "bert-base-uncased")
    String model;

    @Option(names = "--texts", defaultValue = "160", description = "Texts per pass.")
    int texts;

    @Option(names = "--tokens", defaultValue = "128", description = "Tokens per text, [CLS] and [SEP] included.")
    int tokens;

    @Option(names = "--repeats", defaultValue = "2", description = "Timed passes.")
    int repeats;

    @Option(names = "--batch-size", defaultValue = "0", description = "Texts per forward; 0: Embedder's default, as `embed` runs.")
    int batchSize;

    @Option(names = "--dtype", defaultValue = "auto")
    Precision dtype;

    @Override
    public Integer call() {
        List<String> input = ServeTexts.make(texts, tokens, 42);
        try (Embedder embedder = Embedder.load(ModelHub.resolve(model, line -> { }), Pooling.CLS)) {
            Precision used = embedder.runIn(dtype, System.err::println);
            embedder.embed(input.subList(0, Math.min(32, input.size())));
            double best = 0;
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                if (batchSize > 0) {
                    embedder.embed(input, batchSize, 0);
                } else {
                    embedder.embed(input);
                }
                double rate = input.size() / ((System.nanoTime() - start) / 1e9);
                System.err.printf(Locale.ROOT, "offline pass %d: %.2f texts/s%n", r + 1, rate);
                best = Math.max(best, rate);
            }
            System.out.printf(Locale.ROOT, "{\"offline_texts_per_s\": %.3f, \"dtype\": \"%s\", \"texts\": %d, \"tokens\": %d, "
                    + "\"batch_size\": %d}%n", best, used.name().toLowerCase(Locale.ROOT), texts, tokens, batchSize);
        }
        return 0;
    }

    public static void main(String[] args) {
        Offline.ensure();
        System.exit(new CommandLine(new OfflineEmbedBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
