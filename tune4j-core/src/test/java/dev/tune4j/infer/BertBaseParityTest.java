package dev.tune4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Golden;
import dev.tune4j.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real bert-base-uncased against the reference implementation's numbers (exact-erf GELU columns), fp32. */
@Tag("integration")
class BertBaseParityTest {

    private static final double HIDDEN_TOL = 1e-4;
    private static final double PROB_TOL = 1e-4;

    private static List<JsonObject> cases;
    private static FillMask fillMask;

    @BeforeAll
    static void load() throws Exception {
        JsonObject golden = JsonParser.parseString(Files.readString(Golden.dir().resolve("bert-base-uncased.json")))
                .getAsJsonObject();
        cases = new ArrayList<>();
        for (JsonElement c : golden.getAsJsonArray("cases")) {
            cases.add(c.getAsJsonObject());
        }
        fillMask = FillMask.load(TestModels.bertBaseUncased());
    }

    @AfterAll
    static void close() {
        if (fillMask != null) {
            fillMask.close();
        }
    }

    @Test
    void fillMaskTop5AndProbabilitiesMatchReference() {
        List<String> texts = cases.stream().map(c -> c.get("text").getAsString()).toList();
        List<FillMask.Result> results = fillMask.predict(texts, 5);
        for (int i = 0; i < cases.size(); i++) {
            JsonArray expected = cases.get(i).getAsJsonObject("gelu_erf").getAsJsonArray("fill_mask_top5");
            List<FillMask.Prediction> got = results.get(i).masks().get(0);
            for (int k = 0; k < 5; k++) {
                JsonObject e = expected.get(k).getAsJsonObject();
                assertEquals(e.get("id").getAsLong(), got.get(k).id(), texts.get(i) + " rank " + k);
                assertEquals(e.get("token").getAsString(), got.get(k).token());
                assertEquals(e.get("prob").getAsDouble(), got.get(k).prob(), PROB_TOL, texts.get(i) + " prob rank " + k);
            }
        }
    }

    @Test
    void clsHiddenStateAndPooledOutputMatchReference() {
        Path dir = TestModels.bertBaseUncased();
        List<String> texts = cases.stream().map(c -> c.get("text").getAsString()).toList();
        try (Embedder cls = Embedder.load(dir, Pooling.CLS); Embedder pooler = Embedder.load(dir, Pooling.POOLER)) {
            float[][] hidden = cls.embed(texts);
            float[][] pooled = pooler.embed(texts);
            for (int i = 0; i < cases.size(); i++) {
                JsonObject erf = cases.get(i).getAsJsonObject("gelu_erf");
                assertFirst8(erf.getAsJsonArray("cls_last_hidden_first8"), hidden[i], texts.get(i));
                assertFirst8(erf.getAsJsonArray("pooled_first8"), pooled[i], texts.get(i));
            }
        }
    }

    private static void assertFirst8(JsonArray expected, float[] actual, String text) {
        for (int j = 0; j < 8; j++) {
            double diff = Math.abs(expected.get(j).getAsDouble() - actual[j]);
            assertTrue(diff < HIDDEN_TOL, text + " [" + j + "]: |diff| " + diff);
        }
    }
}
