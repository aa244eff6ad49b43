package dev.tune4j.tokenize;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tune4j.Tune4jException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Token strings and their ids, in both directions. */
final class Vocabulary {

    /** Indexed by id; null where a tokenizer.json leaves an id unused. */
    private final String[] tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(String[] tokens, Map<String, Integer> ids) {
        this.tokens = tokens;
        this.ids = ids;
    }

    /**
     * One token per line of {@code vocab.txt}, id = line number from 0. A repeated token maps to its
     * last line, as in Hugging Face's {@code load_vocab}; the size still counts every line because the
     * embedding matrix has a row for each.
     */
    static Vocabulary ofLines(List<String> lines) {
        Map<String, Integer> ids = new HashMap<>(lines.size() * 2);
        for (int id = 0; id < lines.size(); id++) {
            ids.put(lines.get(id), id);
        }
        return new Vocabulary(lines.toArray(String[]::new), ids);
    }

    /**
     * The WordPiece or BPE {@code model.vocab} (or Unigram's list of pieces) of a tokenizer.json plus its {@code added_tokens}. Ids must be
     * dense (0..n-1 for n entries, as every tokenizers release writes them): an id is never trusted to
     * size an array on its own.
     */
    static Vocabulary ofTokenizerJson(java.nio.file.Path file, JsonObject json) {
        JsonElement model = json.get("model");
        JsonElement vocab = model != null && model.isJsonObject() ? model.getAsJsonObject().get("vocab") : null;
        boolean unigram = Unigram.isIn(json);
        if (vocab == null || (unigram ? !vocab.isJsonArray() : !vocab.isJsonObject())) {
            throw new Tune4jException(file + ": has no model.vocab object (or Unigram list); tune4j reads WordPiece (BERT),"
                    + " byte-level BPE (RoBERTa) and SentencePiece Unigram (XLM-RoBERTa, CamemBERT) tokenizers");
        }
        JsonElement addedTokens = json.get("added_tokens");
        int listed = vocab.isJsonObject() ? vocab.getAsJsonObject().size() : vocab.getAsJsonArray().size();
        int entries = listed + (addedTokens != null && addedTokens.isJsonArray() ? addedTokens.getAsJsonArray().size() : 0);
        Map<String, Integer> ids;
        if (unigram) {
            ids = Unigram.pieceIds(file, vocab.getAsJsonArray()); // the position is the id
        } else {
            ids = new HashMap<>();
            for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
                ids.put(e.getKey(), id(file, "model.vocab[\"" + e.getKey() + "\"]", e.getValue(), entries));
            }
        }
        if (addedTokens != null && addedTokens.isJsonArray()) {
            int i = 0;
            for (JsonElement added : addedTokens.getAsJsonArray()) {
                String where = "added_tokens[" + i++ + "]";
                JsonElement content = added.isJsonObject() ? added.getAsJsonObject().get("content") : null;
                if (content == null || !content.isJsonPrimitive()) {
                    throw new Tune4jException(file + ": " + where + " has no \"content\" string");
                }
                ids.put(content.getAsString(), id(file, where + ".id", added.getAsJsonObject().get("id"), entries));
            }
        }
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] tokens = new String[size];
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            // Two tokens on one id would leave one of them out of the vocabulary handed to the native tokenizer,
            // which aborts the JVM when the one left out is its [UNK] (fuzz finding, bench/fuzz-findings).
            String other = tokens[e.getValue()];
            if (other != null) {
                throw new Tune4jException(file + ": \"" + other + "\" and \"" + e.getKey() + "\" both have id " + e.getValue()
                        + " (each id names one token)");
            }
            tokens[e.getValue()] = e.getKey();
        }
        for (int id = 0; id < size; id++) {
            if (tokens[id] == null) {
                throw new Tune4jException(file + ": no token has id " + id + " (ids must run 0.." + (size - 1)
                        + " without gaps, each once)");
            }
        }
        return new Vocabulary(tokens, ids);
    }

    private static int id(java.nio.file.Path file, String where, JsonElement value, int entries) {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new Tune4jException(file + ": " + where + " is not a token id");
        }
        double id = value.getAsDouble();
        if (id != Math.rint(id) || id < 0 || id >= entries) {
            throw new Tune4jException(file + ": " + where + " is " + value + ", not an id in 0.." + (entries - 1)
                    + " for the " + entries + " tokens listed");
        }
        return (int) id;
    }

    int size() {
        return tokens.length;
    }

    boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The id of {@code token}, or {@code unkId} when the vocabulary lacks it. */
    long idOrElse(String token, long unkId) {
        Integer id = ids.get(token);
        return id == null ? unkId : id;
    }

    long id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("Token '" + token + "' is not in the vocabulary");
        }
        return id;
    }

    String token(long id) {
        if (id < 0 || id >= tokens.length || tokens[(int) id] == null) {
            throw new IllegalArgumentException(
                    "Token id " + id + " is not in the vocabulary of " + tokens.length + " tokens");
        }
        return tokens[(int) id];
    }
}
