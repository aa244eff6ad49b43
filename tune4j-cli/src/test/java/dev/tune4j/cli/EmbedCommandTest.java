package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.TinyPretrained;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCommandTest {

    @TempDir
    static Path tmp;

    @Test
    void embedsTextsGivenAsArgumentsLikeTheLibrary() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("tiny-bert"));
        List<String> texts = List.of("great wonderful film", "awful");
        CliRunner.Result r = CliRunner.run("embed", "--model", model.toString(), "--pooling", "mean", "--json",
                texts.get(0), texts.get(1));
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(2, lines.size(), r.out());
        float[][] expected;
        try (Embedder embedder = Embedder.load(model, Pooling.MEAN)) {
            expected = embedder.embed(texts);
        }
        for (int i = 0; i < 2; i++) {
            JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(texts.get(i), o.get("text").getAsString());
            JsonArray v = o.getAsJsonArray("embedding");
            float[] actual = new float[v.size()];
            for (int j = 0; j < actual.length; j++) {
                actual[j] = v.get(j).getAsFloat();
            }
            assertArrayEquals(expected[i], actual, 1e-6f);
        }
    }

    /** A sentence-transformers directory: its Pooling and Normalize modules apply by default; options override them. */
    @Test
    void poolsAndNormalizesAsASentenceTransformersDirectorySays() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("st-bert"));
        Files.writeString(model.resolve("modules.json"), "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", "
                + "\"type\": \"sentence_transformers.models.Transformer\"}, {\"idx\": 1, \"name\": \"1\", \"path\": "
                + "\"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"}, {\"idx\": 2, \"name\": \"2\", "
                + "\"path\": \"2_Normalize\", \"type\": \"sentence_transformers.models.Normalize\"}]");
        Files.createDirectories(model.resolve("1_Pooling"));
        Files.createDirectories(model.resolve("2_Normalize"));
        List<String> texts = List.of("great wonderful film", "the plot was awful and boring");
        for (Pooling pooling : List.of(Pooling.MEAN, Pooling.MAX, Pooling.CLS)) {
            Files.writeString(model.resolve("1_Pooling/config.json"), "{\"word_embedding_dimension\": 32, "
                    + "\"pooling_mode_cls_token\": " + (pooling == Pooling.CLS) + ", \"pooling_mode_mean_tokens\": "
                    + (pooling == Pooling.MEAN) + ", \"pooling_mode_max_tokens\": " + (pooling == Pooling.MAX) + "}");
            assertArrayEquals(unit(raw(model, pooling, texts)), embed(model, texts), 1e-5f, pooling.name());
        }
        // The config says cls now; --pooling mean overrides it, normalization stays; --no-normalize drops that too.
        assertArrayEquals(unit(raw(model, Pooling.MEAN, texts)), embed(model, texts, "--pooling", "mean"), 1e-5f);
        assertArrayEquals(raw(model, Pooling.MEAN, texts), embed(model, texts, "--pooling", "mean", "--no-normalize"), 1e-6f);
        float[] max = raw(model, Pooling.MAX, texts);
        assertTrue(max[0] > raw(model, Pooling.MEAN, texts)[0], "max pooling is at least the mean, here above it");
    }

    /** Vectors of all texts, concatenated, straight from the library without normalization. */
    private static float[] raw(Path model, Pooling pooling, List<String> texts) {
        try (Embedder embedder = Embedder.load(model, pooling)) {
            float[][] v = embedder.embed(texts);
            return concat(v);
        }
    }

    private static float[] embed(Path model, List<String> texts, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("embed", "--model", model.toString(), "--json"));
        args.addAll(List.of(options));
        args.addAll(texts);
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        float[][] out = r.out().strip().lines().map(line -> {
            JsonArray v = JsonParser.parseString(line).getAsJsonObject().getAsJsonArray("embedding");
            float[] f = new float[v.size()];
            for (int j = 0; j < f.length; j++) {
                f[j] = v.get(j).getAsFloat();
            }
            return f;
        }).toArray(float[][]::new);
        return concat(out);
    }

    /** Each 32-wide vector of a concatenation scaled to unit length. */
    private static float[] unit(float[] flat) {
        float[] out = flat.clone();
        for (int start = 0; start < out.length; start += 32) {
            double sum = 0;
            for (int d = start; d < start + 32; d++) {
                sum += (double) out[d] * out[d];
            }
            for (int d = start; d < start + 32; d++) {
                out[d] = (float) (out[d] / Math.sqrt(sum));
            }
        }
        return out;
    }

    private static float[] concat(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }
}
