package dev.tune4j.prompt;

import dev.tune4j.Tune4jException;
import dev.tune4j.data.LabelMap;
import dev.tune4j.tokenize.BertTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Label words: which words at the {@code [MASK]} stand for which label, parsed from
 * {@code "0=terrible,bad;1=great,good"}. A key is a label name or, when no label has that name, a
 * label id.
 */
public record Verbalizer(Map<String, List<String>> words) {

    /**
     * Four sentiment words per label, keyed by label id (negative = 0, positive = 1): with their probabilities
     * summed, the best of the verbalizers tried on IMDB development reviews (bench/RESULTS.md), and
     * the one that Hugging Face's bert-base-uncased gave 73% with in issue 17.
     */
    public static final String SENTIMENT = "0=terrible,bad,awful,boring;1=great,good,excellent,wonderful";

    public Verbalizer {
        if (words.size() < 2) {
            throw new Tune4jException("a verbalizer needs at least two labels, got " + words.keySet());
        }
        words.forEach((label, list) -> {
            if (list.isEmpty()) {
                throw new Tune4jException("verbalizer label '" + label + "' has no words");
            }
        });
        words = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(words));
    }

    public static Verbalizer parse(String spec) {
        Map<String, List<String>> words = new LinkedHashMap<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new Tune4jException("verbalizer entry '" + entry.strip() + "' is not LABEL=word[,word…]; e.g. \""
                        + SENTIMENT + "\"");
            }
            String label = entry.substring(0, eq).strip();
            List<String> list = Arrays.stream(entry.substring(eq + 1).split(",")).map(String::strip)
                    .filter(w -> !w.isEmpty()).toList();
            if (words.put(label, list) != null) {
                throw new Tune4jException("verbalizer names label '" + label + "' twice");
            }
        }
        return new Verbalizer(words);
    }

    /**
     * The words in the order of {@code labels}: each label of the data must be named exactly once (by
     * name, or by id when the names do not match).
     */
    public List<List<String>> forLabels(LabelMap labels) {
        List<List<String>> out = new ArrayList<>();
        for (int id = 0; id < labels.size(); id++) {
            out.add(null);
        }
        for (Map.Entry<String, List<String>> e : words.entrySet()) {
            int id = labelId(e.getKey(), labels);
            if (out.get(id) != null) {
                throw new Tune4jException("verbalizer names label '" + labels.name(id) + "' twice");
            }
            out.set(id, e.getValue());
        }
        for (int id = 0; id < labels.size(); id++) {
            if (out.get(id) == null) {
                throw new Tune4jException("verbalizer has no words for label '" + labels.name(id) + "'; the labels are "
                        + labels.names() + " (name them, or use ids 0.." + (labels.size() - 1) + ")");
            }
        }
        return out;
    }

    /** The labels as the verbalizer names them, for predicting without labelled data. */
    public LabelMap labels() {
        return new LabelMap(List.copyOf(words.keySet()));
    }

    /**
     * Vocabulary ids of each label's words; every word must be a single WordPiece token, since the model
     * predicts one token at the mask.
     */
    public static long[][] tokenIds(List<List<String>> words, BertTokenizer tokenizer) {
        long[][] ids = new long[words.size()][];
        for (int c = 0; c < words.size(); c++) {
            List<String> list = words.get(c);
            ids[c] = new long[list.size()];
            for (int w = 0; w < list.size(); w++) {
                // After a space, as at a template's mask: the same piece in WordPiece, RoBERTa's "Ġword" in byte-level BPE.
                long[] pieces = tokenizer.encode(" " + list.get(w)).inputIds();
                long[] inner = Arrays.copyOfRange(pieces, 1, pieces.length - 1);
                if (inner.length != 1 || inner[0] == tokenizer.unkId()) {
                    throw new Tune4jException("verbalizer word '" + list.get(w) + "' is not a single token of the vocabulary: it "
                            + "becomes " + tokenizer.tokens(inner) + "; choose a word the vocabulary has whole");
                }
                ids[c][w] = inner[0];
            }
        }
        return ids;
    }

    private static int labelId(String key, LabelMap labels) {
        if (labels.contains(key)) {
            return labels.id(key);
        }
        try {
            int id = Integer.parseInt(key);
            if (id >= 0 && id < labels.size()) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new Tune4jException("verbalizer label '" + key + "' is not a label of the data " + labels.names()
                + " nor an id 0.." + (labels.size() - 1));
    }
}
