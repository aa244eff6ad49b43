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
 * The architecture of a BERT-family encoder, as in a Hugging Face {@code config.json} (BERT's key names; a
 * family with other names, such as DistilBERT's {@code dim}, is read and written with its own).
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
 * @param padTokenId id of {@code [PAD]}; RoBERTa's position ids start after it
 * @param family the {@code model_type}'s family: checkpoint names, positions, token types
 * @param embeddingSize width of the embedding tables; ELECTRA projects it to H when it differs
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
        int padTokenId,
        ModelFamily family,
        int embeddingSize) {

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
        if (family == null) {
            throw new IllegalArgumentException("model_type must be set");
        }
        positive("embedding_size", embeddingSize);
        if (family.positionsAfterPadding() && maxPositionEmbeddings <= padTokenId + 1) {
            throw new IllegalArgumentException("max_position_embeddings " + maxPositionEmbeddings + " leaves no position after "
                    + "padding_idx " + padTokenId);
        }
    }

    /** A BERT (model_type "bert"), embeddings as wide as the hidden states. */
    public BertConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
                      HiddenAct hiddenAct, float hiddenDropoutProb, float attentionProbsDropoutProb, int maxPositionEmbeddings,
                      int typeVocabSize, float layerNormEps, float initializerRange, int padTokenId) {
        this(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, layerNormEps, initializerRange, padTokenId,
                ModelFamily.BERT, hiddenSize);
    }

    /**
     * The longest input in tokens, specials included: the position table's rows, less RoBERTa's
     * {@code padding_idx + 1} rows that no token uses.
     */
    public int maxTokens() {
        return family.positionsAfterPadding() ? maxPositionEmbeddings - padTokenId - 1 : maxPositionEmbeddings;
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

    /**
     * The config of any supported {@code model_type} (BERT when the key is absent, as in old BERT configs); an
     * unknown one is a one-line {@link Tune4jException} naming the supported ones.
     */
    public static BertConfig fromJson(JsonObject o) {
        ModelFamily family = ModelFamily.of(o.has("model_type") ? primitive(o, "model_type").getAsString() : "bert");
        Keys k = new Keys(o, family);
        int hidden = k.intOf("hidden_size", 768);
        return new BertConfig(
                k.intOf("vocab_size", 30522),
                hidden,
                k.intOf("num_hidden_layers", 12),
                k.intOf("num_attention_heads", 12),
                k.intOf("intermediate_size", 3072),
                HiddenAct.fromConfig(k.has("hidden_act") ? k.string("hidden_act") : "gelu"),
                k.floatOf("hidden_dropout_prob", 0.1f),
                k.floatOf("attention_probs_dropout_prob", 0.1f),
                k.intOf("max_position_embeddings", 512),
                k.intOf("type_vocab_size", 2),
                k.floatOf("layer_norm_eps", 1e-12f),
                k.floatOf("initializer_range", 0.02f),
                k.intOf("pad_token_id", 0),
                family,
                k.intOf("embedding_size", hidden));
    }

    /** BERT's key names read through the family's own ({@code dim} for {@code hidden_size} in DistilBERT). */
    private record Keys(JsonObject o, ModelFamily family) {
        boolean has(String key) {
            return o.has(family.configKey(key));
        }

        String string(String key) {
            return primitive(o, family.configKey(key)).getAsString();
        }

        int intOf(String key, int fallback) {
            return BertConfig.intOf(o, family.configKey(key), fallback);
        }

        float floatOf(String key, float fallback) {
            return BertConfig.floatOf(o, family.configKey(key), fallback);
        }
    }

    /** The Hugging Face form, loadable by the family's config class ({@code transformers.BertConfig}, …). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model_type", family.modelType());
        o.addProperty(family.configKey("vocab_size"), vocabSize);
        o.addProperty(family.configKey("hidden_size"), hiddenSize);
        o.addProperty(family.configKey("num_hidden_layers"), numHiddenLayers);
        o.addProperty(family.configKey("num_attention_heads"), numAttentionHeads);
        o.addProperty(family.configKey("intermediate_size"), intermediateSize);
        o.addProperty(family.configKey("hidden_act"), hiddenAct.configName());
        o.addProperty(family.configKey("hidden_dropout_prob"), hiddenDropoutProb);
        o.addProperty(family.configKey("attention_probs_dropout_prob"), attentionProbsDropoutProb);
        o.addProperty(family.configKey("max_position_embeddings"), maxPositionEmbeddings);
        if (family.tokenTypes()) {
            o.addProperty(family.configKey("type_vocab_size"), typeVocabSize);
        }
        o.addProperty(family.configKey("layer_norm_eps"), layerNormEps);
        o.addProperty(family.configKey("initializer_range"), initializerRange);
        o.addProperty(family.configKey("pad_token_id"), padTokenId);
        if (embeddingSize != hiddenSize) {
            o.addProperty("embedding_size", embeddingSize);
        }
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
