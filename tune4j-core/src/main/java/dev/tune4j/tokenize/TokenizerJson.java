package dev.tune4j.tokenize;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes the {@code tokenizer.json} that Hugging Face's {@code BertTokenizerFast} would build from a
 * {@code vocab.txt}, so the Rust tokenizer splits text exactly as the fast Python tokenizer does.
 */
final class TokenizerJson {

    /** Hugging Face's BERT limit: a longer word becomes one [UNK] instead of costing quadratic time. */
    private static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private TokenizerJson() {}

    /**
     * @param lowerCase lower-case the text; accents are stripped along with it, as BertNormalizer does
     *     when {@code strip_accents} is unset
     */
    static String forBert(Vocabulary vocabulary, SpecialTokens special, boolean lowerCase) {
        JsonObject json = new JsonObject();
        json.addProperty("version", "1.0");
        json.add("truncation", null);
        json.add("padding", null);
        json.add("added_tokens", addedTokens(vocabulary, special));
        json.add("normalizer", normalizer(lowerCase));
        json.add("pre_tokenizer", type("BertPreTokenizer"));
        json.add("post_processor", postProcessor(vocabulary, special));
        json.add("decoder", decoder());
        json.add("model", model(vocabulary, special));
        // serializeNulls keeps "strip_accents": null, which Rust reads as "follow lowercase".
        Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
        return gson.toJson(json);
    }

    /**
     * The specials as the vocabulary spells them ([PAD] or {@code <pad>}, …): a WordPiece tokenizer.json may carry
     * RoBERTa's, and an unk_token missing from the vocabulary makes the native library abort the JVM on the first
     * unknown word (fuzz finding crash-87ea3372).
     */
    private static JsonArray addedTokens(Vocabulary vocabulary, SpecialTokens special) {
        JsonArray added = new JsonArray();
        for (long id : new long[] {special.pad(), special.unk(), special.cls(), special.sep(), special.mask()}) {
            added.add(addedToken(vocabulary.token(id), id));
        }
        return added;
    }

    private static JsonObject addedToken(String token, long id) {
        JsonObject entry = new JsonObject();
        entry.addProperty("id", id);
        entry.addProperty("content", token);
        entry.addProperty("single_word", false);
        entry.addProperty("lstrip", false);
        entry.addProperty("rstrip", false);
        // Not normalized: "[MASK]" in the text stays one token even when the text is lower-cased.
        entry.addProperty("normalized", false);
        entry.addProperty("special", true);
        return entry;
    }

    private static JsonObject normalizer(boolean lowerCase) {
        JsonObject normalizer = type("BertNormalizer");
        normalizer.addProperty("clean_text", true);
        normalizer.addProperty("handle_chinese_chars", true);
        normalizer.add("strip_accents", null);
        normalizer.addProperty("lowercase", lowerCase);
        return normalizer;
    }

    /** {@code [CLS] $A [SEP]} and {@code [CLS] $A [SEP] $B:1 [SEP]:1}, as in BertTokenizerFast. */
    private static JsonObject postProcessor(Vocabulary vocabulary, SpecialTokens special) {
        String cls = vocabulary.token(special.cls());
        String sep = vocabulary.token(special.sep());
        JsonObject processor = type("TemplateProcessing");
        JsonArray single = new JsonArray();
        single.add(piece("SpecialToken", cls, 0));
        single.add(piece("Sequence", "A", 0));
        single.add(piece("SpecialToken", sep, 0));
        JsonArray pair = single.deepCopy();
        pair.add(piece("Sequence", "B", 1));
        pair.add(piece("SpecialToken", sep, 1));
        processor.add("single", single);
        processor.add("pair", pair);
        JsonObject specials = new JsonObject();
        specials.add(cls, templateToken(cls, special.cls()));
        specials.add(sep, templateToken(sep, special.sep()));
        processor.add("special_tokens", specials);
        return processor;
    }

    private static JsonObject templateToken(String token, long id) {
        JsonObject special = new JsonObject();
        special.addProperty("id", token);
        JsonArray ids = new JsonArray();
        ids.add(id);
        special.add("ids", ids);
        JsonArray tokens = new JsonArray();
        tokens.add(token);
        special.add("tokens", tokens);
        return special;
    }

    private static JsonObject piece(String kind, String id, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", typeId);
        JsonObject piece = new JsonObject();
        piece.add(kind, inner);
        return piece;
    }

    private static JsonObject decoder() {
        JsonObject decoder = type("WordPiece");
        decoder.addProperty("prefix", "##");
        decoder.addProperty("cleanup", true);
        return decoder;
    }

    /** Written line by line so a repeated token ends with its last id, as in {@link Vocabulary}. */
    private static JsonObject model(Vocabulary vocabulary, SpecialTokens special) {
        JsonObject ids = new JsonObject();
        for (int id = 0; id < vocabulary.size(); id++) {
            ids.addProperty(vocabulary.token(id), id);
        }
        JsonObject model = type("WordPiece");
        model.addProperty("unk_token", vocabulary.token(special.unk()));
        model.addProperty("continuing_subword_prefix", "##");
        model.addProperty("max_input_chars_per_word", MAX_INPUT_CHARS_PER_WORD);
        model.add("vocab", ids);
        return model;
    }

    private static JsonObject type(String type) {
        JsonObject object = new JsonObject();
        object.addProperty("type", type);
        return object;
    }
}
