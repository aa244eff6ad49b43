package dev.tune4j.model;

import static dev.tune4j.model.ParityFixtures.assertClose;
import static dev.tune4j.model.ParityFixtures.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.HiddenAct;
import dev.tune4j.engine.Torch;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every block against Hugging Face transformers on a tiny config: padding mask, token types, both GELUs,
 * pooler and the tied MLM head. Expected values come from bench/parity/tiny_fixture.py.
 */
class TinyBertParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_new"})
    void matchesTransformersOnTinyConfig(String act) throws Exception {
        JsonObject fixture;
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("/tiny-bert-parity.json"))) {
            fixture = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        JsonObject cfgJson = fixture.getAsJsonObject("config").deepCopy();
        cfgJson.addProperty("hidden_act", act);
        BertConfig config = BertConfig.fromJson(cfgJson);
        assertEquals(HiddenAct.fromConfig(act), config.hiddenAct());
        JsonObject expected = null;
        for (JsonElement c : fixture.getAsJsonArray("cases")) {
            if (c.getAsJsonObject().get("hidden_act").getAsString().equals(act)) {
                expected = c.getAsJsonObject();
            }
        }
        Objects.requireNonNull(expected);

        try (NDManager manager = Torch.newManager()) {
            NDList inputs = new NDList(
                    ints(manager, fixture.getAsJsonArray("input_ids")),
                    ints(manager, fixture.getAsJsonArray("token_type_ids")),
                    ints(manager, fixture.getAsJsonArray("attention_mask")));
            ParameterStore ps = new ParameterStore(manager, false);

            BertForMaskedLM mlm = new BertForMaskedLM(config);
            WeightLoader.load(mlm, TinyFixture.checkpointFor(mlm, ""), manager, WeightLoader.Expectations.exact(), "tiny");
            mlm.initialize(manager, DataType.FLOAT32, inputs.getShapes());
            assertClose(expected.getAsJsonArray("logits"), mlm.forward(ps, inputs, false).get(0));

            BertModel base = new BertModel(config, true);
            WeightLoader.load(base, TinyFixture.checkpointFor(base, ""), manager, WeightLoader.Expectations.exact(), "tiny");
            base.initialize(manager, DataType.FLOAT32, inputs.getShapes());
            NDList out = base.forward(ps, inputs, false);
            assertClose(expected.getAsJsonArray("sequence_output"), out.get(0));
            assertClose(expected.getAsJsonArray("pooled_output"), out.get(1));
        }
    }
}
