package dev.tune4j.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.HostTensor;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face {@code config.json} of a converted BERT, with sizes read from the weights.
 *
 * <p>Only the head count and the fixed hyper-parameters of Google's release (GELU, dropout 0.1,
 * LayerNorm eps 1e-12) are not recoverable from tensor shapes.
 */
record HfBertConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
        int maxPositions, int typeVocabSize) {

    private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\.attention\\.self\\.query\\.weight");

    HfBertConfig {
        if (numHeads <= 0 || hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("the hidden size (" + hiddenSize
                    + ") is not a multiple of the number of attention heads (" + numHeads + ")");
        }
        if (numLayers <= 0) {
            throw new IllegalArgumentException("a BERT needs at least one layer, not " + numLayers);
        }
    }

    static HfBertConfig fromWeights(Map<String, HostTensor> hf, int numHeads) {
        return fromWeights(hf, numHeads, "bert.");
    }

    /** @param prefix "bert." for a BertForMaskedLM checkpoint, "" for a bare BertModel */
    static HfBertConfig fromWeights(Map<String, HostTensor> hf, int numHeads, String prefix) {
        long[] words = shape(hf, prefix + "embeddings.word_embeddings.weight");
        int layers = 0;
        for (String name : hf.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (name.startsWith(prefix) && m.region(prefix.length(), name.length()).matches()) {
                layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return new HfBertConfig(
                (int) words[0],
                (int) words[1],
                layers,
                numHeads,
                (int) shape(hf, prefix + "encoder.layer.0.intermediate.dense.weight")[0],
                (int) shape(hf, prefix + "embeddings.position_embeddings.weight")[0],
                (int) shape(hf, prefix + "embeddings.token_type_embeddings.weight")[0]);
    }

    private static long[] shape(Map<String, HostTensor> hf, String name) {
        HostTensor tensor = hf.get(name);
        if (tensor == null) {
            throw new Tune4jException("checkpoint has no '" + name + "', so it is not a complete BERT");
        }
        return tensor.shape();
    }

    JsonObject toJson() {
        return toJson("BertForMaskedLM");
    }

    JsonObject toJson(String architecture) {
        JsonObject json = new JsonObject();
        JsonArray architectures = new JsonArray();
        architectures.add(architecture);
        json.add("architectures", architectures);
        json.addProperty("model_type", "bert");
        json.addProperty("vocab_size", vocabSize);
        json.addProperty("hidden_size", hiddenSize);
        json.addProperty("num_hidden_layers", numLayers);
        json.addProperty("num_attention_heads", numHeads);
        json.addProperty("intermediate_size", intermediateSize);
        // Google's graph uses the tanh approximation; "gelu" (exact erf) is what HF configs for these
        // weights say, and the two differ by under 1e-3 in the logits.
        json.addProperty("hidden_act", "gelu");
        json.addProperty("hidden_dropout_prob", 0.1);
        json.addProperty("attention_probs_dropout_prob", 0.1);
        json.addProperty("max_position_embeddings", maxPositions);
        json.addProperty("type_vocab_size", typeVocabSize);
        json.addProperty("initializer_range", 0.02);
        json.addProperty("layer_norm_eps", 1e-12);
        json.addProperty("pad_token_id", 0);
        return json;
    }
}
