package dev.tune4j.classify;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.data.LabelMap;
import dev.tune4j.infer.Pooling;
import dev.tune4j.tokenize.Padding;
import dev.tune4j.tokenize.TokenizerOptions;
import dev.tune4j.tokenize.Truncation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What config.json says about a saved classifier; {@code tune4j} is its "tune4j" section ({} for Hugging Face's). */
record SavedConfig(BertConfig config, HeadConfig head, Additions additions, LabelMap labels, TokenizerOptions options,
                   JsonObject tune4j) {

    static SavedConfig read(Path configFile) {
        JsonObject json;
        try {
            json = dev.tune4j.JsonFiles.asObject(configFile, JsonParser.parseString(Files.readString(configFile, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new Tune4jException(configFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (!json.has("id2label")) {
            throw new Tune4jException(configFile + ": no id2label, so this is not a classifier; train one with `tune4j train`");
        }
        BertConfig config = BertConfig.read(configFile);
        LabelMap labels = LabelMap.fromId2Label(json.getAsJsonObject("id2label"));
        JsonObject t4j = json.has("tune4j") ? json.getAsJsonObject("tune4j") : new JsonObject();
        ProblemType problem = problemType(configFile, json);
        // A plain Hugging Face classifier: BERT's dropout + linear on the pooler output, the other families' own head.
        HeadConfig head = t4j.has("head") ? HeadConfig.fromJson(t4j.getAsJsonObject("head"), labels.size(), problem)
                : config.family().pooler() ? new HeadConfig(HeadConfig.Kind.LINEAR, 0, 0.1f, Pooling.POOLER, labels.size(), problem)
                : new HeadConfig(HeadConfig.Kind.HF, 0, headDropout(json, config), Pooling.CLS, labels.size(), problem);
        int maxLength = t4j.has("max_length") ? t4j.get("max_length").getAsInt() : config.maxTokens();
        Truncation truncation = t4j.has("truncation")
                ? Truncation.valueOf(t4j.get("truncation").getAsString().toUpperCase(Locale.ROOT)) : Truncation.HEAD;
        Additions additions = t4j.has("additions") ? Additions.fromJson(t4j.getAsJsonObject("additions")) : Additions.NONE;
        return new SavedConfig(config, head, additions, labels, new TokenizerOptions(maxLength, truncation, Padding.NONE), t4j);
    }

    /** Hugging Face's classifier dropout: its own key when set, else the hidden dropout. */
    private static float headDropout(JsonObject json, BertConfig config) {
        String key = config.family().configKey("classifier_dropout");
        return json.has(key) && !json.get(key).isJsonNull() ? json.get(key).getAsFloat() : config.hiddenDropoutProb();
    }

    private static ProblemType problemType(Path configFile, JsonObject json) {
        if (!json.has("problem_type") || json.get("problem_type").isJsonNull()) {
            return ProblemType.SINGLE_LABEL;
        }
        try {
            return ProblemType.fromHfName(json.get("problem_type").getAsString());
        } catch (IllegalArgumentException e) {
            throw new Tune4jException(configFile + ": " + e.getMessage(), e);
        }
    }
}
