package dev.tune4j.model;

import static dev.tune4j.model.ParityFixtures.assertClose;
import static dev.tune4j.model.ParityFixtures.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.TinyFamilies;
import dev.tune4j.Tune4jException;
import dev.tune4j.config.BertConfig;
import dev.tune4j.engine.Torch;
import dev.tune4j.infer.FillMask;
import dev.tune4j.infer.Pretrained;
import dev.tune4j.tokenize.Encoding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RoBERTa (byte-level BPE), XLM-RoBERTa (SentencePiece Unigram), DistilBERT and ELECTRA directories, written as transformers writes them, against transformers on a padded
 * batch: token ids, last hidden state and MLM logits. Expected values come from bench/parity/families_fixture.py
 * and bench/parity/unigram_fixture.py.
 */
class FamiliesParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"roberta", "xlm-roberta", "distilbert"})
    void maskedLmMatchesTransformers(String family, @TempDir Path tmp) throws Exception {
        JsonObject fixture = TinyFamilies.fixture(family);
        try (FillMask fill = FillMask.load(TinyFamilies.write(tmp.resolve(family), family))) {
            Pretrained<BertForMaskedLM> model = fill.model();
            assertTokenIds(fixture, model.tokenizer().encodeAll(texts(fixture)));
            NDList out = forward(model.block(), model.manager(), fixture);
            assertClose(fixture.getAsJsonArray("logits"), out.get(0));
            assertClose(fixture.getAsJsonArray("last_hidden_state"), out.get(1));
        }
    }

    /** XLM-RoBERTa's {@code <mask>} (an added token after the SentencePiece pieces, lstrip) is found and filled as transformers ranks it. */
    @Test
    void xlmRobertaFillsItsMaskAsTransformersRanks(@TempDir Path tmp) throws Exception {
        JsonObject fixture = TinyFamilies.fixture("xlm-roberta");
        int row = 3; // "ﬁne Ｆｕｌｌ film. It was <mask>."
        JsonArray ids = fixture.getAsJsonArray("input_ids").get(row).getAsJsonArray();
        int at = ids.asList().indexOf(new com.google.gson.JsonPrimitive(57));
        assertTrue(at > 0, "the fixture's text has <mask> (id 57)");
        JsonArray logits = fixture.getAsJsonArray("logits");
        int vocab = 58;
        int base = (row * ids.size() + at) * vocab;
        int best = 0;
        for (int v = 1; v < vocab; v++) {
            best = logits.get(base + v).getAsDouble() > logits.get(base + best).getAsDouble() ? v : best;
        }
        try (FillMask fill = FillMask.load(TinyFamilies.write(tmp.resolve("xlm-roberta"), "xlm-roberta"))) {
            assertEquals("<mask>", fill.model().tokenizer().maskToken());
            String text = fixture.getAsJsonArray("texts").get(row).getAsString();
            List<FillMask.Prediction> top = fill.predict(List.of(text), 3).get(0).masks().get(0);
            assertEquals(best, top.get(0).id(), "transformers' best token at <mask>");
        }
    }

    @Test
    void electraDiscriminatorMatchesTransformers(@TempDir Path tmp) throws Exception {
        JsonObject fixture = TinyFamilies.fixture("electra");
        Path dir = TinyFamilies.write(tmp.resolve("electra"), "electra");
        try (Pretrained<BertModel> model = Pretrained.load(dir, c -> new BertModel(c, false), tensors -> {
            String prefix = Pretrained.backbonePrefix(tensors);
            return new WeightLoader.Expectations(prefix, k -> false, k -> !k.startsWith(prefix));
        })) {
            assertEquals(16, model.config().embeddingSize());
            assertTokenIds(fixture, model.tokenizer().encodeAll(texts(fixture)));
            assertClose(fixture.getAsJsonArray("last_hidden_state"), forward(model.block(), model.manager(), fixture).get(0));
        }
    }

    @Test
    void electraHasNoMaskedLmHead(@TempDir Path tmp) throws Exception {
        Path dir = TinyFamilies.write(tmp.resolve("electra"), "electra");
        Tune4jException e = assertThrows(Tune4jException.class, () -> FillMask.load(dir));
        assertTrue(e.getMessage().contains("electra has no masked-LM head"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void unknownModelTypeIsOneLineNamingTheSupportedOnes(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"gpt2\"}", StandardCharsets.UTF_8);
        Tune4jException e = assertThrows(Tune4jException.class, () -> BertConfig.read(config));
        assertTrue(e.getMessage().contains("model_type 'gpt2' is not supported; tune4j runs bert, roberta, xlm-roberta, "
                + "camembert, distilbert, electra"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    private static NDList forward(ai.djl.nn.Block block, NDManager manager, JsonObject fixture) {
        Torch.gradMode(false);
        try (NDManager scope = manager.newSubManager()) {
            NDArray ids = ints(scope, fixture.getAsJsonArray("input_ids"));
            NDList inputs = new NDList(ids, scope.zeros(ids.getShape(), ids.getDataType()),
                    ints(scope, fixture.getAsJsonArray("attention_mask")));
            NDList out = block.forward(new ParameterStore(scope, false), inputs, false);
            out.forEach(a -> a.attach(manager));
            return out;
        }
    }

    private static List<String> texts(JsonObject fixture) {
        return fixture.getAsJsonArray("texts").asList().stream().map(e -> e.getAsString()).toList();
    }

    private static void assertTokenIds(JsonObject fixture, List<Encoding> encodings) {
        JsonArray ids = fixture.getAsJsonArray("input_ids");
        JsonArray mask = fixture.getAsJsonArray("attention_mask");
        for (int r = 0; r < encodings.size(); r++) {
            int n = (int) mask.get(r).getAsJsonArray().asList().stream().filter(e -> e.getAsInt() == 1).count();
            long[] expected = new long[n];
            for (int j = 0; j < n; j++) {
                expected[j] = ids.get(r).getAsJsonArray().get(j).getAsLong();
            }
            assertArrayEquals(expected, encodings.get(r).inputIds(), "token ids of text " + r);
        }
    }
}
