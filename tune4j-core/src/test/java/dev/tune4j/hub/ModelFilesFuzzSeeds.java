package dev.tune4j.hub;

import static dev.tune4j.FuzzSeeds.utf8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tune4j.FuzzSeeds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writes ModelFilesFuzzTest's seeds (run with -Dtune4j.writeFuzzSeeds=true); skipped otherwise. */
class ModelFilesFuzzSeeds {

    @Test
    void write() throws Exception {
        assumeTrue(FuzzSeeds.enabled(), "writes the fuzz corpus only when asked");
        FuzzSeeds.write(ModelFilesFuzzTest.class, "configJson", "tiny", utf8("{\"vocab_size\": 99, \"hidden_size\": 32, "
                + "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"intermediate_size\": 37, \"hidden_act\": \"gelu\", "
                + "\"hidden_dropout_prob\": 0.1, \"max_position_embeddings\": 512, \"type_vocab_size\": 2, "
                + "\"layer_norm_eps\": 1e-12}"));
        Map<String, byte[]> inner = new LinkedHashMap<>();
        inner.put("./variables/variables.data-00000-of-00001", new byte[16]);
        inner.put("./variables/variables.index", new byte[8]);
        inner.put("./assets/vocab.txt", utf8("[PAD]\n[UNK]\n"));
        FuzzSeeds.write(ModelFilesFuzzTest.class, "modelJar", "saved-model", FuzzSeeds.zip(inner));
        // onnxModel's seed (minimal-bert, a 1-layer export cut down to its MatMul and Add nodes) is written by
        // bench/parity/tiny_onnx_fixture.py, which needs torch.
    }
}
