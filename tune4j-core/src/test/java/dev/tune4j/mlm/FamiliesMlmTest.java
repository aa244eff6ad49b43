package dev.tune4j.mlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.TinyFamilies;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.infer.FillMask;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MLM pretraining continues a RoBERTa or DistilBERT and saves it in the family's own layout, which fill-mask reads. */
class FamiliesMlmTest {

    @ParameterizedTest
    @ValueSource(strings = {"roberta", "xlm-roberta", "distilbert"})
    void pretrainingSavesTheFamilysMaskedLmLayout(String family, @TempDir Path tmp) throws Exception {
        Path base = TinyFamilies.write(tmp.resolve(family), family);
        Path out = tmp.resolve("out");
        MlmConfig config = new MlmConfig(1, 8, 4, 1e-3f, 0.01f, 0f, 1.0f, 16, 0.15f, false, 0.2f, 3);
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            corpus.add(i % 2 == 0 ? "the movie was great, I loved it" : "awful plot and a bad actor");
        }
        try (MlmModel model = MlmModel.load(base)) {
            new MlmTrainer(config, TrainingListener.SILENT).fit(model, corpus);
            model.save(out, base.toString(), config.toJson());
        }
        Set<String> keys = Safetensors.read(out.resolve("model.safetensors")).tensors().keySet();
        Set<String> expected = Set.copyOf(TinyFamilies.fixture(family).getAsJsonObject("keys").keySet());
        assertEquals(expected, keys, "the keys transformers writes for this family");
        JsonObject saved = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals(family, saved.get("model_type").getAsString());
        assertTrue(saved.getAsJsonArray("architectures").get(0).getAsString().endsWith("ForMaskedLM"));
        String mask = family.endsWith("roberta") ? "<mask>" : "[MASK]";
        try (FillMask fill = FillMask.load(out)) {
            assertEquals(1, fill.predict(List.of("the movie was " + mask), 2).get(0).masks().size());
        }
    }
}
