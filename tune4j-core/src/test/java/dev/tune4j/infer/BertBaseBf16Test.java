package dev.tune4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.tune4j.Golden;
import dev.tune4j.TestModels;
import dev.tune4j.engine.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptance for bf16 inference on real bert-base-uncased: fill-mask top-1 identical to fp32
 * on every golden case, top-5 probabilities within 0.02; [CLS] vectors nearly parallel.
 */
@Tag("integration")
class BertBaseBf16Test {

    private static final double PROB_TOL = 0.02;

    @Test
    void fillMaskInBf16AgreesWithFp32OnTheGoldenCases() throws Exception {
        Path dir = TestModels.bertBaseUncased();
        Assumptions.assumeTrue(Precision.BF16.resolve(line -> {}) == Precision.BF16, "bf16 unavailable on this host");
        List<String> texts = new ArrayList<>();
        for (JsonElement c : JsonParser.parseString(Files.readString(Golden.dir().resolve("bert-base-uncased.json")))
                .getAsJsonObject().getAsJsonArray("cases")) {
            texts.add(c.getAsJsonObject().get("text").getAsString());
        }
        try (FillMask fillMask = FillMask.load(dir)) {
            List<FillMask.Result> fp32 = fillMask.predict(texts, 5);
            assertEquals(Precision.BF16, fillMask.runIn(Precision.BF16, line -> {}));
            List<FillMask.Result> bf16 = fillMask.predict(texts, 5);
            for (int i = 0; i < texts.size(); i++) {
                List<FillMask.Prediction> want = fp32.get(i).masks().get(0);
                List<FillMask.Prediction> got = bf16.get(i).masks().get(0);
                assertEquals(want.get(0).token(), got.get(0).token(), texts.get(i) + ": top-1");
                for (int k = 0; k < 5; k++) {
                    assertEquals(want.get(k).prob(), got.get(k).prob(), PROB_TOL, texts.get(i) + " rank " + k);
                }
            }
        }
        try (Embedder fp32 = Embedder.load(dir, Pooling.CLS); Embedder bf16 = Embedder.load(dir, Pooling.CLS)) {
            bf16.runIn(Precision.BF16, line -> {});
            float[][] a = fp32.embed(texts);
            float[][] b = bf16.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertTrue(cosine(a[i], b[i]) > 0.999, texts.get(i) + ": cosine " + cosine(a[i], b[i]));
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
