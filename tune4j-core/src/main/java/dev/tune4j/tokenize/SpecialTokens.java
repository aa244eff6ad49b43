package dev.tune4j.tokenize;

import dev.tune4j.Tune4jException;

/** Vocabulary ids of BERT's special tokens. */
public record SpecialTokens(long cls, long sep, long pad, long mask, long unk) {

    static final String CLS = "[CLS]";
    static final String SEP = "[SEP]";
    static final String PAD = "[PAD]";
    static final String MASK = "[MASK]";
    static final String UNK = "[UNK]";

    public SpecialTokens {
        if (cls < 0 || sep < 0 || pad < 0 || mask < 0 || unk < 0) {
            throw new IllegalArgumentException("Special token ids must not be negative: cls " + cls + ", sep "
                    + sep + ", pad " + pad + ", mask " + mask + ", unk " + unk);
        }
    }

    static SpecialTokens of(Vocabulary vocabulary) {
        return new SpecialTokens(
                require(vocabulary, CLS),
                require(vocabulary, SEP),
                require(vocabulary, PAD),
                require(vocabulary, MASK),
                require(vocabulary, UNK));
    }

    private static long require(Vocabulary vocabulary, String token) {
        if (!vocabulary.contains(token)) {
            throw new Tune4jException("The vocabulary (" + vocabulary.size() + " tokens) lacks " + token
                    + "; tune4j reads BERT vocabularies with [CLS], [SEP], [PAD], [MASK] and [UNK]");
        }
        return vocabulary.id(token);
    }
}
