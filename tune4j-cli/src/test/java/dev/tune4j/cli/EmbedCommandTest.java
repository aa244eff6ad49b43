package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.TinyPretrained;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
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
}
