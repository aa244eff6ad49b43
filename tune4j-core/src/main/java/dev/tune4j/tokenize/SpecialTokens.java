package dev.tune4j.tokenize;

import dev.tune4j.Tune4jException;
import java.util.List;

/**
 * Vocabulary ids of the special tokens: BERT's [CLS], [SEP], … or RoBERTa's {@code <s>}, {@code </s>}, ….
 *
 * @param roberta whether a pair is {@code <s> a </s></s> b </s>} with one token type, as RoBERTa's tokenizers
 *     build it, rather than BERT's {@code [CLS] a [SEP] b [SEP]} with b of type 1
 */
public record SpecialTokens(long cls, long sep, long pad, long mask, long unk, boolean roberta) {

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

    /** BERT's kind. */
    public SpecialTokens(long cls, long sep, long pad, long mask, long unk) {
        this(cls, sep, pad, mask, unk, false);
    }

    /** RoBERTa's: {@code <s>} and {@code </s>} play [CLS] and [SEP]. */
    private static final List<String> ROBERTA = List.of("<s>", "</s>", "<pad>", "<mask>", "<unk>");

    /** BERT's specials, or RoBERTa's when the vocabulary has those and not BERT's. */
    static SpecialTokens of(Vocabulary vocabulary) {
        if (!vocabulary.contains(CLS) && ROBERTA.stream().allMatch(vocabulary::contains)) {
            return new SpecialTokens(vocabulary.id(ROBERTA.get(0)), vocabulary.id(ROBERTA.get(1)),
                    vocabulary.id(ROBERTA.get(2)), vocabulary.id(ROBERTA.get(3)), vocabulary.id(ROBERTA.get(4)), true);
        }
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
                    + "; tune4j reads vocabularies with BERT's [CLS], [SEP], [PAD], [MASK] and [UNK] or RoBERTa's "
                    + String.join(", ", ROBERTA));
        }
        return vocabulary.id(token);
    }
}
