package dev.tune4j.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The architecture of a BERT model, as in a Hugging Face {@code config.json}.
 *
 * @param vocabSize rows of the word embedding table
 * @param hiddenSize H, the width of every hidden state
 * @param numHiddenLayers number of encoder layers
 * @param numAttentionHeads N; H must be divisible by N (head size D = H / N)
 * @param intermediateSize width of the feed-forward layer, usually 4·H
 * @param hiddenAct activation of the feed-forward layer
 * @param hiddenDropoutProb dropout on embeddings and every residual branch
 * @param attentionProbsDropoutProb dropout on the attention probabilities
 * @param maxPositionEmbeddings the longest sequence the position table covers
 * @param typeVocabSize number of segment (token type) ids, 2 for BERT
 * @param layerNormEps 1e-12 in BERT; matters for parity, not for training
 * @param initializerRange standard deviation of the normal init of new weights
 * @param padTokenId id of {@code [PAD]}
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        HiddenAct hiddenAct,
        float hiddenDropoutProb,
        float attentionProbsDropoutProb,
        int maxPositionEmbeddings,
        int typeVocabSize,
        float layerNormEps,
        float initializerRange,
        int padTokenId) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public BertConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("The hidden size (" + hiddenSize
                    + ") is not a multiple of the number of attention heads (" + numAttentionHeads + ")");
        }
        probability("hidden_dropout_prob", hiddenDropoutProb);
        probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be > 0, got " + layerNormEps);
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new IllegalArgumentException("pad_token_id " + padTokenId + " is outside the vocabulary [0, " + vocabSize + ")");
        }
        if (hiddenAct == null) {
            throw new IllegalArgumentException("hidden_act must be set");
        }
    }

    /** BERT-Base: 12 layers, H 768, 12 heads. */
    public static BertConfig base(int vocabSize) {
        return new BertConfig(vocabSize, 768, 12, 12, 3072, HiddenAct.GELU, 0.1f, 0.1f, 512, 2, 1e-12f, 0.02f, 0);
    }

    /** A tiny configuration for tests, shaped like Hugging Face's own test config. */
    public static BertConfig tiny(int vocabSize) {
        return new BertConfig(vocabSize, 32, 2, 4, 37, HiddenAct.GELU, 0.1f, 0.1f, 64, 2, 1e-12f, 0.02f, 0);
    }

    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** Reads a Hugging Face {@code config.json}; unknown keys are ignored, missing ones take BERT's defaults. */
    public static BertConfig read(Path file) {
        try {
            return fromJson(dev.tune4j.JsonFiles.asObject(file, JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new Tune4jException(file + ": not a JSON object (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new Tune4jException(file + ": " + e.getMessage(), e);
        }
    }

    public static BertConfig fromJson(JsonObject o) {
        return new BertConfig(
                intOf(o, "vocab_size", 30522),
                intOf(o, "hidden_size", 768),
                intOf(o, "num_hidden_layers", 12),
                intOf(o, "num_attention_heads", 12),
                intOf(o, "intermediate_size", 3072),
                HiddenAct.fromConfig(o.has("hidden_act") ? primitive(o, "hidden_act").getAsString() : "gelu"),
                floatOf(o, "hidden_dropout_prob", 0.1f),
                floatOf(o, "attention_probs_dropout_prob", 0.1f),
                intOf(o, "max_position_embeddings", 512),
                intOf(o, "type_vocab_size", 2),
                floatOf(o, "layer_norm_eps", 1e-12f),
                floatOf(o, "initializer_range", 0.02f),
                intOf(o, "pad_token_id", 0));
    }

    /** The Hugging Face form, loadable by {@code transformers.BertConfig}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model_type", "bert");
        o.addProperty("vocab_size", vocabSize);
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("num_hidden_layers", numHiddenLayers);
        o.addProperty("num_attention_heads", numAttentionHeads);
        o.addProperty("intermediate_size", intermediateSize);
        o.addProperty("hidden_act", hiddenAct.configName());
        o.addProperty("hidden_dropout_prob", hiddenDropoutProb);
        o.addProperty("attention_probs_dropout_prob", attentionProbsDropoutProb);
        o.addProperty("max_position_embeddings", maxPositionEmbeddings);
        o.addProperty("type_vocab_size", typeVocabSize);
        o.addProperty("layer_norm_eps", layerNormEps);
        o.addProperty("initializer_range", initializerRange);
        o.addProperty("pad_token_id", padTokenId);
        return o;
    }

    public String toJsonString() {
        return GSON.toJson(toJson());
    }

    /**
     * The value of {@code key}, which must be a string or number. Gson would unwrap a one-element array
     * ({@code [[[8]]]}) recursively, so a value nested 100,000 deep would overflow the stack.
     */
    private static com.google.gson.JsonPrimitive primitive(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException("'" + key + "' must be a number or a string, not a JSON "
                    + (e.isJsonArray() ? "array" : "object"));
        }
        return e.getAsJsonPrimitive();
    }

    private static int intOf(JsonObject o, String key, int fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : primitive(o, key).getAsInt();
    }

    private static float floatOf(JsonObject o, String key, float fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : primitive(o, key).getAsFloat();
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    private static void probability(String name, float p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + p);
        }
    }
}
