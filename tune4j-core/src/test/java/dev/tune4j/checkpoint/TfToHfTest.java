package dev.tune4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TfToHfTest {

    @Test
    void mapsEveryKindOfBertVariable() {
        assertMaps("module/bert/embeddings/word_embeddings", "bert.embeddings.word_embeddings.weight", false);
        assertMaps("bert/embeddings/token_type_embeddings", "bert.embeddings.token_type_embeddings.weight", false);
        assertMaps("bert/embeddings/LayerNorm/gamma", "bert.embeddings.LayerNorm.weight", false);
        assertMaps("bert/encoder/layer_11/attention/self/query/kernel",
                "bert.encoder.layer.11.attention.self.query.weight", true);
        assertMaps("bert/encoder/layer_3/attention/output/dense/bias",
                "bert.encoder.layer.3.attention.output.dense.bias", false);
        assertMaps("bert/encoder/layer_0/attention/output/LayerNorm/beta",
                "bert.encoder.layer.0.attention.output.LayerNorm.bias", false);
        assertMaps("bert/encoder/layer_0/intermediate/dense/kernel",
                "bert.encoder.layer.0.intermediate.dense.weight", true);
        assertMaps("bert/encoder/layer_0/output/dense/kernel", "bert.encoder.layer.0.output.dense.weight", true);
        assertMaps("bert/encoder/layer_0/output/LayerNorm/gamma", "bert.encoder.layer.0.output.LayerNorm.weight", false);
        assertMaps("bert/pooler/dense/kernel", "bert.pooler.dense.weight", true);
        assertMaps("cls/predictions/transform/dense/kernel", "cls.predictions.transform.dense.weight", true);
        assertMaps("cls/predictions/transform/LayerNorm/beta", "cls.predictions.transform.LayerNorm.bias", false);
        assertMaps("cls/predictions/output_bias", "cls.predictions.bias", false);
        assertMaps("cls/seq_relationship/output_weights", "cls.seq_relationship.weight", false);
        assertMaps("cls/seq_relationship/output_bias", "cls.seq_relationship.bias", false);
    }

    @Test
    void transposesKernelsButNotEmbeddings() {
        Map<String, HostTensor> tf = new LinkedHashMap<>();
        tf.put("bert/pooler/dense/kernel", HostTensor.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tf.put("bert/embeddings/word_embeddings", HostTensor.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tf.put("bert/pooler/dense/kernel/adam_m", HostTensor.ofFloats(new long[] {1}, new float[] {0}));
        tf.put("global_step", HostTensor.ofFloats(new long[0], new float[] {0}));

        Map<String, HostTensor> hf = TfToHf.convert(tf);

        assertEquals(2, hf.size());
        assertArrayEquals(new long[] {3, 2}, hf.get("bert.pooler.dense.weight").shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, hf.get("bert.pooler.dense.weight").toFloatArray());
        assertEquals(tf.get("bert/embeddings/word_embeddings"), hf.get("bert.embeddings.word_embeddings.weight"));
    }

    @Test
    void listsUnknownNames() {
        Map<String, HostTensor> tf = Map.of(
                "bert/encoder/layer_0/attention/self/rotary/kernel", HostTensor.ofFloats(new long[] {1}, new float[] {0}),
                "bert/pooler/dense/bias", HostTensor.ofFloats(new long[] {1}, new float[] {0}));
        Tune4jException e = assertThrows(Tune4jException.class, () -> TfToHf.convert(tf));
        assertTrue(e.getMessage().contains("[bert/encoder/layer_0/attention/self/rotary/kernel]"), e.getMessage());
    }

    @Test
    void rejectsTwoVariablesForOneKey() {
        Map<String, HostTensor> tf = new LinkedHashMap<>();
        tf.put("bert/pooler/dense/bias", HostTensor.ofFloats(new long[] {1}, new float[] {0}));
        tf.put("module/bert/pooler/dense/bias", HostTensor.ofFloats(new long[] {1}, new float[] {0}));
        Tune4jException e = assertThrows(Tune4jException.class, () -> TfToHf.convert(tf));
        assertTrue(e.getMessage().contains("both map to 'bert.pooler.dense.bias'"), e.getMessage());
    }

    private static void assertMaps(String tf, String hf, boolean transpose) {
        assertEquals(Optional.of(new TfToHf.Mapping(hf, transpose)), TfToHf.map(tf), tf);
    }
}
