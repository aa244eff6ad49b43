package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Golden;
import dev.tune4j.TemporaryHome;
import dev.tune4j.TinyPretrained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimilarCommandTest {

    @TempDir
    static Path tmp;

    private static TemporaryHome home;

    @BeforeAll
    static void ownHome() {
        // The corpus cache (and, for the integration test, the converted model) go into a throw-away home.
        home = new TemporaryHome(tmp.resolve("home"));
    }

    @AfterAll
    static void restoreHome() {
        home.close();
    }

    /** Each golden sentence as a query over all seven: the top 3 the reference cosines give, with their scores. */
    @Test
    @Tag("integration")
    void returnsTheReferenceTopKOnTheGoldenSentences() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("tune4j.skipIntegration"), "integration tests are off");
        JsonObject golden = JsonParser.parseString(Files.readString(Golden.dir().resolve("all-minilm-l6-v2.json")))
                .getAsJsonObject();
        List<String> texts = new ArrayList<>();
        golden.getAsJsonArray("cases").forEach(c -> texts.add(c.getAsJsonObject().get("text").getAsString()));
        JsonArray cosine = golden.getAsJsonArray("cosine");
        Path corpus = Files.write(tmp.resolve("golden.txt"), texts);
        List<String> args = new ArrayList<>(List.of("similar", "--model", "all-minilm-l6-v2", "--corpus", corpus.toString(),
                "--top-k", "3", "--json"));
        args.addAll(texts);
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(texts.size(), lines.size(), r.out());
        for (int q = 0; q < texts.size(); q++) {
            double[] row = cosine.get(q).getAsJsonArray().asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
            List<Integer> expected = IntStream.range(0, texts.size()).boxed()
                    .sorted(Comparator.comparingDouble(j -> -row[j])).limit(3).toList();
            JsonObject answer = JsonParser.parseString(lines.get(q)).getAsJsonObject();
            assertEquals(texts.get(q), answer.get("query").getAsString());
            JsonArray hits = answer.getAsJsonArray("hits");
            for (int k = 0; k < 3; k++) {
                JsonObject hit = hits.get(k).getAsJsonObject();
                int index = expected.get(k);
                assertEquals(index, hit.get("index").getAsInt(), texts.get(q) + " rank " + (k + 1));
                assertEquals(texts.get(index), hit.get("text").getAsString());
                assertEquals(row[index], hit.get("score").getAsDouble(), 1e-4);
            }
        }
        CliRunner.Result again = CliRunner.run("similar", "--model", "all-minilm-l6-v2", "--corpus", corpus.toString(),
                texts.get(1));
        assertEquals(0, again.exitCode(), again.err());
        List<String> plain = again.out().lines().toList();
        assertEquals(List.of(texts.get(1), "   1  1.0000  " + texts.get(1)), plain.subList(0, 2), again.out());
        assertTrue(plain.get(2).matches("   2  0\\.858[45]  " + java.util.regex.Pattern.quote(texts.get(3))), again.out());
    }

    @Test
    void ranksATableCorpusAndCachesItsEmbeddings() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("tiny-bert"));
        Path corpus = Files.writeString(tmp.resolve("corpus.jsonl"), "{\"body\": \"great wonderful film\"}\n"
                + "{\"body\": \"awful boring plot\"}\n{\"body\": \"the actor was good\"}\n");
        String[] args = {"similar", "--model", model.toString(), "--corpus", corpus.toString(), "--text-column", "body",
                "--pooling", "mean", "--top-k", "9", "--json", "great wonderful film"};
        long before = cacheFiles();
        CliRunner.Result first = CliRunner.run(args);
        assertEquals(0, first.exitCode(), first.err());
        JsonArray hits = JsonParser.parseString(first.out().strip()).getAsJsonObject().getAsJsonArray("hits");
        assertEquals(3, hits.size(), "top-k beyond the corpus gives the whole corpus");
        assertEquals(0, hits.get(0).getAsJsonObject().get("index").getAsInt());
        assertEquals(1.0, hits.get(0).getAsJsonObject().get("score").getAsDouble(), 1e-5);
        assertEquals(before + 1, cacheFiles());
        CliRunner.Result second = CliRunner.run(args);
        assertEquals(first.out(), second.out());
        assertEquals(before + 1, cacheFiles(), "the second run reads the cache");
    }

    private static long cacheFiles() throws java.io.IOException {
        Path dir = tmp.resolve("home/similar");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void badInputEndsInOneLine() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("tiny-bert-errors"));
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "\n  \n");
        Path missing = tmp.resolve("nowhere.txt");
        assertOneLineError(new String[] {"similar", "--model", model.toString(), "--corpus", missing.toString(), "q"},
                missing + ": no such file");
        assertOneLineError(new String[] {"similar", "--model", model.toString(), "--corpus", empty.toString(), "q"},
                empty + ":");
        assertOneLineError(new String[] {"similar", "--model", model.toString(), "--corpus", empty.toString(), "--top-k", "0",
                "q"}, "--top-k must be at least 1, got 0");
    }

    private static void assertOneLineError(String[] args, String expected) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(1, r.exitCode(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("tune4j: " + expected), r.err());
        assertTrue(!expected.endsWith(":") || r.err().contains("empty"), r.err());
    }
}
