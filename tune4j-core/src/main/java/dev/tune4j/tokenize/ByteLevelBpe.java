package dev.tune4j.tokenize;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tune4j.Tune4jException;
import java.nio.file.Path;
import java.util.List;

/**
 * The byte-level BPE tokenizer of RoBERTa (and GPT-2) from a {@code tokenizer.json}. As for WordPiece
 * ({@link TokenizerJson}), the native library never reads the user's file: tune4j checks the vocabulary and every
 * merge and writes a canonical file with the same vocabulary, merges, byte-level pre-tokenizer and added tokens,
 * without post-processor (specials are added by {@link EncodingAssembler}).
 */
final class ByteLevelBpe {

    private static final List<String> FLAGS = List.of("single_word", "lstrip", "rstrip", "normalized");

    private ByteLevelBpe() {}

    static boolean isIn(JsonObject tokenizerJson) {
        JsonElement model = tokenizerJson.get("model");
        return model != null && model.isJsonObject() && model.getAsJsonObject().has("type")
                && "BPE".equals(model.getAsJsonObject().get("type").getAsString());
    }

    /** The canonical tokenizer.json for {@code parsed}, a BPE tokenizer.json whose ids {@code vocabulary} holds. */
    static String canonical(Path file, JsonObject parsed, Vocabulary vocabulary) {
        JsonObject model = parsed.getAsJsonObject("model");
        JsonObject out = new JsonObject();
        out.addProperty("version", "1.0");
        out.add("truncation", null);
        out.add("padding", null);
        out.add("added_tokens", addedTokens(file, parsed, vocabulary));
        out.add("normalizer", null);
        JsonObject pre = type("ByteLevel");
        pre.addProperty("add_prefix_space", flag(parsed.get("pre_tokenizer"), "add_prefix_space"));
        pre.addProperty("trim_offsets", true);
        pre.addProperty("use_regex", true);
        out.add("pre_tokenizer", pre);
        out.add("post_processor", null);
        JsonObject decoder = type("ByteLevel");
        decoder.addProperty("add_prefix_space", true);
        decoder.addProperty("trim_offsets", true);
        decoder.addProperty("use_regex", true);
        out.add("decoder", decoder);
        JsonObject bpe = type("BPE");
        bpe.add("dropout", null);
        String unk = model.has("unk_token") && model.get("unk_token").isJsonPrimitive() ? model.get("unk_token").getAsString() : null;
        if (unk != null && !vocabulary.contains(unk)) {
            throw new Tune4jException(file + ": model.unk_token \"" + unk + "\" is not in the vocabulary");
        }
        bpe.addProperty("unk_token", unk);
        bpe.addProperty("continuing_subword_prefix", "");
        bpe.addProperty("end_of_word_suffix", "");
        bpe.addProperty("fuse_unk", false);
        bpe.addProperty("byte_fallback", false);
        JsonObject vocab = new JsonObject();
        model.getAsJsonObject("vocab").keySet().forEach(token -> vocab.addProperty(token, vocabulary.id(token)));
        bpe.add("vocab", vocab);
        bpe.add("merges", merges(file, model.get("merges"), vocabulary));
        out.add("model", bpe);
        Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
        return gson.toJson(out);
    }

    /** Each merge as [left, right], both sides and their concatenation in the vocabulary. */
    private static JsonArray merges(Path file, JsonElement merges, Vocabulary vocabulary) {
        if (merges == null || !merges.isJsonArray()) {
            throw new Tune4jException(file + ": model.merges is not a list");
        }
        JsonArray out = new JsonArray();
        int i = 0;
        for (JsonElement m : merges.getAsJsonArray()) {
            String[] pair;
            if (m.isJsonPrimitive()) {
                pair = m.getAsString().split(" ", -1); // the older "a b" form
            } else if (m.isJsonArray() && m.getAsJsonArray().size() == 2 && m.getAsJsonArray().get(0).isJsonPrimitive()
                    && m.getAsJsonArray().get(1).isJsonPrimitive()) {
                pair = new String[] {m.getAsJsonArray().get(0).getAsString(), m.getAsJsonArray().get(1).getAsString()};
            } else {
                pair = new String[0];
            }
            if (pair.length != 2 || !vocabulary.contains(pair[0]) || !vocabulary.contains(pair[1])
                    || !vocabulary.contains(pair[0] + pair[1])) {
                throw new Tune4jException(file + ": model.merges[" + i + "] " + m + " is not two vocabulary tokens whose "
                        + "concatenation is one");
            }
            JsonArray p = new JsonArray();
            p.add(pair[0]);
            p.add(pair[1]);
            out.add(p);
            i++;
        }
        return out;
    }

    /** The file's added tokens with its ids (checked by {@link Vocabulary}) and boolean flags; every one special. */
    static JsonArray addedTokens(Path file, JsonObject parsed, Vocabulary vocabulary) {
        JsonArray out = new JsonArray();
        JsonElement added = parsed.get("added_tokens");
        if (added == null || !added.isJsonArray()) {
            return out;
        }
        for (JsonElement a : added.getAsJsonArray()) {
            JsonObject in = a.getAsJsonObject();
            String content = in.get("content").getAsString();
            JsonObject entry = new JsonObject();
            entry.addProperty("id", vocabulary.id(content));
            entry.addProperty("content", content);
            for (String f : FLAGS) {
                entry.addProperty(f, flag(in, f));
            }
            entry.addProperty("special", true);
            out.add(entry);
        }
        return out;
    }

    private static boolean flag(JsonElement object, String key) {
        if (object == null || !object.isJsonObject()) {
            return false;
        }
        JsonElement v = object.getAsJsonObject().get(key);
        return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && v.getAsBoolean();
    }

    private static JsonObject type(String type) {
        JsonObject object = new JsonObject();
        object.addProperty("type", type);
        return object;
    }
}
