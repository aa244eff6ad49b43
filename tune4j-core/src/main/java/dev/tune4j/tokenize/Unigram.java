package dev.tune4j.tokenize;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tune4j.Tune4jException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SentencePiece (Unigram) tokenizer of XLM-RoBERTa and CamemBERT from a {@code tokenizer.json}. As for WordPiece
 * and byte-level BPE, the native library never reads the user's file: tune4j checks the pieces and scores, the
 * {@code unk_id}, the normalizer (only kinds it knows, a {@code Precompiled} charsmap walked by
 * {@link PrecompiledCharsmap}) and the Metaspace pre-tokenizer, and writes a canonical file from those parts, without
 * post-processor (specials are added by {@link EncodingAssembler}).
 *
 * <p>The charsmap is passed through rather than replaced by an approximation (Nmt + NFKC): it is what makes ids equal
 * to transformers' (ﬁ → fi, full-width letters, the exact nmt_nfkc table), and its check leaves the native reader no
 * index outside it.
 */
final class Unigram {

    /** Normalizers without parameters that tune4j passes on. */
    private static final Set<String> PLAIN_NORMALIZERS = Set.of("NFC", "NFD", "NFKC", "NFKD", "Nmt", "Lowercase");
    /** Replace's regexes that SentencePiece converters write; any other is refused (the native regex engine is not ours to bound). */
    private static final Set<String> KNOWN_REGEXES = Set.of(" {2,}");
    private static final int MAX_REPLACE_CHARS = 64;
    private static final Set<String> PREPEND_SCHEMES = Set.of("always", "first", "never");

    private Unigram() {}

    static boolean isIn(JsonObject tokenizerJson) {
        JsonElement model = tokenizerJson.get("model");
        return model != null && model.isJsonObject() && "Unigram".equals(string(model.getAsJsonObject().get("type")));
    }

    /**
     * Ids of {@code model.vocab}, a list of [piece, score] pairs whose position is the id: each piece a non-empty
     * string, listed once, each score a finite number.
     */
    static Map<String, Integer> pieceIds(Path file, JsonArray vocab) {
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        for (int i = 0; i < vocab.size(); i++) {
            JsonElement e = vocab.get(i);
            JsonArray pair = e.isJsonArray() ? e.getAsJsonArray() : null;
            String piece = pair != null && pair.size() == 2 ? string(pair.get(0)) : null;
            // A lone surrogate would reach the native library as "?", colliding with another piece.
            if (piece == null || piece.isEmpty() || !wellFormed(piece) || !finite(pair.get(1))) {
                throw new Tune4jException(file + ": model.vocab[" + i + "] " + abbreviate(e)
                        + " is not a [piece, score] pair of a non-empty string and a finite number");
            }
            Integer before = ids.put(piece, i);
            if (before != null) {
                throw new Tune4jException(file + ": model.vocab lists \"" + piece + "\" twice (" + before + " and " + i
                        + "); each piece once");
            }
        }
        return ids;
    }

    /** The canonical tokenizer.json for {@code parsed}, a Unigram tokenizer.json whose ids {@code vocabulary} holds. */
    static String canonical(Path file, JsonObject parsed, Vocabulary vocabulary) {
        JsonObject model = parsed.getAsJsonObject("model");
        JsonArray vocab = model.getAsJsonArray("vocab");
        JsonObject out = new JsonObject();
        out.addProperty("version", "1.0");
        out.add("truncation", null);
        out.add("padding", null);
        out.add("added_tokens", ByteLevelBpe.addedTokens(file, parsed, vocabulary));
        out.add("normalizer", normalizer(file, parsed.get("normalizer")));
        JsonObject metaspace = metaspace(file, parsed.get("pre_tokenizer"));
        out.add("pre_tokenizer", metaspace);
        out.add("post_processor", null);
        JsonObject decoder = metaspace.deepCopy();
        if (decoder.get("type").getAsString().equals("Sequence")) {
            decoder = decoder.getAsJsonArray("pretokenizers").get(decoder.getAsJsonArray("pretokenizers").size() - 1)
                    .getAsJsonObject().deepCopy();
        }
        out.add("decoder", decoder);
        JsonObject unigram = new JsonObject();
        unigram.addProperty("type", "Unigram");
        unigram.addProperty("unk_id", unkId(file, model.get("unk_id"), vocab.size()));
        JsonArray pieces = new JsonArray(vocab.size());
        for (JsonElement pair : vocab) {
            JsonArray p = new JsonArray(2);
            p.add(pair.getAsJsonArray().get(0).getAsString());
            p.add(pair.getAsJsonArray().get(1).getAsDouble());
            pieces.add(p);
        }
        unigram.add("vocab", pieces);
        boolean byteFallback = bool(model.get("byte_fallback"), false);
        for (int b = 0; byteFallback && b < 256; b++) {
            String piece = String.format("<0x%02X>", b);
            if (!vocabulary.contains(piece)) {
                throw new Tune4jException(file + ": model.byte_fallback is true but the vocabulary lacks " + piece);
            }
        }
        unigram.addProperty("byte_fallback", byteFallback);
        out.add("model", unigram);
        Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
        return gson.toJson(out);
    }

    private static int unkId(Path file, JsonElement value, int pieces) {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()
                || value.getAsDouble() != Math.rint(value.getAsDouble()) || value.getAsDouble() < 0
                || value.getAsDouble() >= pieces) {
            throw new Tune4jException(file + ": model.unk_id is " + value + ", not the id of one of the " + pieces
                    + " pieces in model.vocab");
        }
        return value.getAsInt();
    }

    /** The normalizer rebuilt from the kinds tune4j knows; null stays null. */
    private static JsonElement normalizer(Path file, JsonElement normalizer) {
        if (normalizer == null || normalizer.isJsonNull()) {
            return null;
        }
        if (normalizer.isJsonObject() && "Sequence".equals(string(normalizer.getAsJsonObject().get("type")))) {
            JsonElement list = normalizer.getAsJsonObject().get("normalizers");
            if (list == null || !list.isJsonArray()) {
                throw new Tune4jException(file + ": normalizer.normalizers is not a list");
            }
            JsonArray out = new JsonArray();
            for (int i = 0; i < list.getAsJsonArray().size(); i++) {
                out.add(single(file, "normalizer.normalizers[" + i + "]", list.getAsJsonArray().get(i)));
            }
            JsonObject sequence = type("Sequence");
            sequence.add("normalizers", out);
            return sequence;
        }
        return single(file, "normalizer", normalizer);
    }

    private static JsonObject single(Path file, String where, JsonElement element) {
        String kind = element.isJsonObject() ? string(element.getAsJsonObject().get("type")) : null;
        if (kind != null && PLAIN_NORMALIZERS.contains(kind)) {
            return type(kind);
        }
        JsonObject in = kind == null ? null : element.getAsJsonObject();
        switch (kind == null ? "" : kind) {
            case "Precompiled" -> {
                String charsmap = string(in.get("precompiled_charsmap"));
                if (charsmap == null) {
                    throw new Tune4jException(file + ": " + where + ".precompiled_charsmap is not a base64 string");
                }
                PrecompiledCharsmap.check(file, where + ".precompiled_charsmap", charsmap);
                JsonObject out = type("Precompiled");
                out.addProperty("precompiled_charsmap", charsmap);
                return out;
            }
            case "Replace" -> {
                return replace(file, where, in);
            }
            case "Strip" -> {
                JsonObject out = type("Strip");
                out.addProperty("strip_left", bool(in.get("strip_left"), false));
                out.addProperty("strip_right", bool(in.get("strip_right"), false));
                return out;
            }
            default -> throw new Tune4jException(file + ": " + where + " " + abbreviate(element) + " is not a normalizer"
                    + " tune4j reads; it reads Sequence, Precompiled, Replace, Strip, "
                    + String.join(", ", PLAIN_NORMALIZERS.stream().sorted().toList()));
        }
    }

    /** A literal pattern, or one of the regexes SentencePiece converters write; the content a short string. */
    private static JsonObject replace(Path file, String where, JsonObject in) {
        JsonElement pattern = in.get("pattern");
        JsonObject p = pattern != null && pattern.isJsonObject() && pattern.getAsJsonObject().size() == 1
                ? pattern.getAsJsonObject() : null;
        String literal = p == null ? null : string(p.get("String"));
        String regex = p == null ? null : string(p.get("Regex"));
        String content = string(in.get("content"));
        boolean ok = content != null && content.length() <= MAX_REPLACE_CHARS
                && (literal != null && !literal.isEmpty() && literal.length() <= MAX_REPLACE_CHARS
                        || regex != null && KNOWN_REGEXES.contains(regex));
        if (!ok) {
            throw new Tune4jException(file + ": " + where + " " + abbreviate(in) + " is not a Replace tune4j reads: a "
                    + "pattern {\"String\": s} or {\"Regex\": \" {2,}\"} and a content string, each at most "
                    + MAX_REPLACE_CHARS + " characters");
        }
        JsonObject out = type("Replace");
        out.add("pattern", p.deepCopy());
        out.addProperty("content", content);
        return out;
    }

    /** Metaspace, alone or after WhitespaceSplit in a Sequence (as recent converters write it), rebuilt. */
    private static JsonObject metaspace(Path file, JsonElement pre) {
        JsonObject in = pre != null && pre.isJsonObject() ? pre.getAsJsonObject() : null;
        String kind = in == null ? null : string(in.get("type"));
        if ("Metaspace".equals(kind)) {
            return metaspaceOf(file, "pre_tokenizer", in);
        }
        JsonElement list = in == null ? null : in.get("pretokenizers");
        List<JsonElement> items = "Sequence".equals(kind) && list != null && list.isJsonArray()
                ? list.getAsJsonArray().asList() : List.of();
        boolean split = items.size() == 2 && items.get(0).isJsonObject()
                && "WhitespaceSplit".equals(string(items.get(0).getAsJsonObject().get("type")));
        JsonElement last = items.isEmpty() ? null : items.get(items.size() - 1);
        if ((items.size() == 1 || split) && last.isJsonObject()
                && "Metaspace".equals(string(last.getAsJsonObject().get("type")))) {
            JsonArray out = new JsonArray();
            if (split) {
                out.add(type("WhitespaceSplit"));
            }
            String where = "pre_tokenizer.pretokenizers[" + (items.size() - 1) + "]";
            out.add(metaspaceOf(file, where, last.getAsJsonObject()));
            JsonObject sequence = type("Sequence");
            sequence.add("pretokenizers", out);
            return sequence;
        }
        throw new Tune4jException(file + ": pre_tokenizer " + abbreviate(pre) + " is not Metaspace (alone or after "
                + "WhitespaceSplit); tune4j reads SentencePiece tokenizers as XLM-RoBERTa and CamemBERT write them");
    }

    private static JsonObject metaspaceOf(Path file, String where, JsonObject in) {
        String replacement = in.has("replacement") ? string(in.get("replacement")) : "\u2581";
        if (replacement == null || replacement.codePointCount(0, replacement.length()) != 1) {
            throw new Tune4jException(file + ": " + where + ".replacement " + in.get("replacement")
                    + " is not one character");
        }
        String scheme = string(in.get("prepend_scheme"));
        if (scheme == null) { // files written before tokenizers 0.15 say add_prefix_space
            scheme = bool(in.get("add_prefix_space"), true) ? "always" : "never";
        } else if (!PREPEND_SCHEMES.contains(scheme)) {
            throw new Tune4jException(file + ": " + where + ".prepend_scheme \"" + scheme + "\" is not one of "
                    + PREPEND_SCHEMES);
        }
        JsonObject out = type("Metaspace");
        out.addProperty("replacement", replacement);
        out.addProperty("prepend_scheme", scheme);
        out.addProperty("split", bool(in.get("split"), true));
        return out;
    }

    private static String string(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && Double.isFinite(e.getAsDouble());
    }

    private static boolean bool(JsonElement e, boolean otherwise) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : otherwise;
    }

    private static String abbreviate(JsonElement e) {
        String s = String.valueOf(e).replaceAll("\\s+", " ");
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static JsonObject type(String type) {
        JsonObject object = new JsonObject();
        object.addProperty("type", type);
        return object;
    }
}
