package dev.tune4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Golden;
import dev.tune4j.TestModels;
import dev.tune4j.tokenize.Encoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * all-MiniLM-L6-v2 converted from langchain4j's ONNX jar against onnxruntime on that same file
 * ({@code golden/all-minilm-l6-v2.json}): token ids, [CLS] states, sentence embeddings, cosines and rankings, fp32.
 */
@Tag("integration")
class AllMiniLmParityTest {

    private static final double TOL = 1e-4;

    private static List<JsonObject> cases;
    private static double[][] cosine;
    private static List<String> texts;
    private static Embedder sentence;
    private static float[][] embeddings;

    @BeforeAll
    static void load() throws Exception {
        JsonObject golden = JsonParser.parseString(Files.readString(Golden.dir().resolve("all-minilm-l6-v2.json")))
                .getAsJsonObject();
        cases = new ArrayList<>();
        golden.getAsJsonArray("cases").forEach(c -> cases.add(c.getAsJsonObject()));
        JsonArray rows = golden.getAsJsonArray("cosine");
        cosine = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            cosine[i] = doubles(rows.get(i).getAsJsonArray());
        }
        texts = cases.stream().map(c -> c.get("text").getAsString()).toList();
        Path dir = TestModels.allMiniLmL6V2();
        sentence = Embedder.load(dir); // the directory's own pooling: mean over the mask, then unit norm
        embeddings = sentence.embed(texts);
    }

    @AfterAll
    static void close() {
        if (sentence != null) {
            sentence.close();
        }
    }

    @Test
    void theCatalogueModelPoolsAsSentenceTransformersDoes() {
        assertEquals(Pooling.MEAN, sentence.pooling());
        assertEquals(true, sentence.normalizes());
        assertEquals(256, sentence.defaultMaxLength());
        assertEquals(384, sentence.dimension());
    }

    @Test
    void tokenIdsAreIdentical() {
        List<Encoding> encodings = sentence.encode(texts, true);
        for (int i = 0; i < cases.size(); i++) {
            long[] expected = cases.get(i).getAsJsonArray("input_ids").asList().stream()
                    .mapToLong(JsonElement::getAsLong).toArray();
            assertArrayEquals(expected, encodings.get(i).inputIds(), texts.get(i));
        }
    }

    @Test
    void sentenceEmbeddingsMatchTheReference() {
        for (int i = 0; i < cases.size(); i++) {
            double[] expected = doubles(cases.get(i).getAsJsonArray("embedding_first8"));
            for (int d = 0; d < expected.length; d++) {
                assertEquals(expected[d], embeddings[i][d], TOL, texts.get(i) + " dimension " + d);
            }
            int row = i;
            double norm = Math.sqrt(IntStream.range(0, 384).mapToDouble(d -> embeddings[row][d] * embeddings[row][d]).sum());
            assertEquals(1.0, norm, 1e-5);
        }
    }

    @Test
    void clsHiddenStatesMatchTheReference() {
        try (Embedder cls = Embedder.load(TestModels.allMiniLmL6V2(), Pooling.CLS)) {
            float[][] states = cls.embed(texts);
            for (int i = 0; i < cases.size(); i++) {
                double[] expected = doubles(cases.get(i).getAsJsonArray("cls_first8"));
                for (int d = 0; d < expected.length; d++) {
                    assertEquals(expected[d], states[i][d], TOL, texts.get(i) + " [CLS] dimension " + d);
                }
            }
        }
    }

    @Test
    void cosineSimilaritiesMatchTheReference() {
        for (int i = 0; i < texts.size(); i++) {
            for (int j = 0; j < texts.size(); j++) {
                double dot = 0;
                for (int d = 0; d < embeddings[i].length; d++) {
                    dot += (double) embeddings[i][d] * embeddings[j][d];
                }
                assertEquals(cosine[i][j], dot, TOL, "cosine of " + i + " and " + j);
            }
        }
    }

    /** Each golden sentence as a query over all of them: the ranking the reference cosines give, best first. */
    @Test
    void similarityIndexReturnsTheReferenceTopK() {
        int k = 5;
        try (SimilarityIndex index = new SimilarityIndex(embeddings)) {
            List<List<SimilarityIndex.Hit>> hits = index.search(embeddings, k);
            for (int q = 0; q < texts.size(); q++) {
                int row = q;
                List<Integer> expected = IntStream.range(0, texts.size()).boxed()
                        .sorted(Comparator.comparingDouble(j -> -cosine[row][j])).limit(k).toList();
                assertEquals(expected, hits.get(q).stream().map(SimilarityIndex.Hit::index).toList(), texts.get(q));
                for (SimilarityIndex.Hit hit : hits.get(q)) {
                    assertEquals(cosine[q][hit.index()], hit.score(), TOL);
                }
            }
        }
    }

    private static double[] doubles(JsonArray array) {
        return array.asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }
}
