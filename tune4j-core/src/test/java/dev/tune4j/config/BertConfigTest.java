package dev.tune4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertConfigTest {

    @Test
    void rejectsHiddenSizeNotDivisibleByHeadsWithBothValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new BertConfig(100, 770, 2, 12, 37, HiddenAct.GELU, 0.1f, 0.1f, 64, 2, 1e-12f, 0.02f, 0));
        assertEquals("The hidden size (770) is not a multiple of the number of attention heads (12)", e.getMessage());
    }

    @Test
    void readsHuggingFaceConfigAndRoundTrips(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"vocab_size\": 30522, \"hidden_size\": 768, \"num_hidden_layers\": 12,"
                + " \"num_attention_heads\": 12, \"intermediate_size\": 3072, \"hidden_act\": \"gelu_new\","
                + " \"layer_norm_eps\": 1e-12, \"architectures\": [\"BertForMaskedLM\"]}");
        BertConfig c = BertConfig.read(file);
        assertEquals(HiddenAct.GELU_TANH, c.hiddenAct());
        assertEquals(64, c.headSize());
        assertEquals(c, BertConfig.fromJson(JsonParser.parseString(c.toJsonString()).getAsJsonObject()));
    }

    @Test
    void badConfigFileIsAOneLineErrorNamingTheFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"hidden_size\": 768, \"num_attention_heads\": 10}");
        Tune4jException e = assertThrows(Tune4jException.class, () -> BertConfig.read(file));
        assertTrue(e.getMessage().startsWith(file + ": The hidden size (768)"), e.getMessage());
        Files.writeString(file, "{\"hidden_act\": \"swish\"}");
        assertTrue(assertThrows(Tune4jException.class, () -> BertConfig.read(file)).getMessage().contains("swish"));
    }
}
