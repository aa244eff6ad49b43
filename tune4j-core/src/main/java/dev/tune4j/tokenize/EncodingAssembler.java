package dev.tune4j.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns word-piece ids into model input: truncates to the budget, adds [CLS] and [SEP], sets type
 * ids, pads. Working on ids in Java is what lets {@link Truncation#TAIL} and {@link
 * Truncation#HEAD_TAIL} exist, since Hugging Face's Rust truncation only cuts from one side.
 */
final class EncodingAssembler {

    private static final int SINGLE_SPECIALS = 2;
    private static final int PAIR_SPECIALS = 3;

    private final TokenizerOptions options;
    private final SpecialTokens special;

    EncodingAssembler(TokenizerOptions options, SpecialTokens special) {
        this.options = options;
        this.special = special;
    }

    /** {@code [CLS] a [SEP]}, all type 0. */
    Encoding single(long[] a) {
        if (options.truncates()) {
            a = options.truncation().keep(a, options.maxLength() - SINGLE_SPECIALS);
        }
        int n = a.length + SINGLE_SPECIALS;
        long[] ids = new long[n];
        ids[0] = special.cls();
        System.arraycopy(a, 0, ids, 1, a.length);
        ids[n - 1] = special.sep();
        return new Encoding(ids, new long[n], ones(n));
    }

    /**
     * {@code [CLS] a [SEP] b [SEP]}; b and its [SEP] have type 1. RoBERTa's tokenizers build {@code <s> a </s></s> b
     * </s>} instead, all of type 0 (its models have one token type). Over budget, the longer text loses tokens
     * first, as in Hugging Face's {@code longest_first}; each text is then cut by the options' {@link Truncation}.
     */
    Encoding pair(long[] a, long[] b) {
        int specials = special.roberta() ? PAIR_SPECIALS + 1 : PAIR_SPECIALS;
        if (options.truncates()) {
            int least = TokenizerOptions.MIN_PAIR_LENGTH + specials - PAIR_SPECIALS;
            if (options.maxLength() < least) {
                throw new IllegalArgumentException("maxLength (" + options.maxLength() + ") leaves no room for"
                        + " both texts of a pair after their " + specials + " special tokens; use at least " + least);
            }
            int[] keep = longestFirst(a.length, b.length, options.maxLength() - specials);
            a = options.truncation().keep(a, keep[0]);
            b = options.truncation().keep(b, keep[1]);
        }
        int n = a.length + b.length + specials;
        int secondStart = n - 1 - b.length;
        long[] ids = new long[n];
        ids[0] = special.cls();
        System.arraycopy(a, 0, ids, 1, a.length);
        Arrays.fill(ids, a.length + 1, secondStart, special.sep()); // one [SEP], or RoBERTa's two </s>
        System.arraycopy(b, 0, ids, secondStart, b.length);
        ids[n - 1] = special.sep();
        long[] types = new long[n];
        if (!special.roberta()) {
            Arrays.fill(types, secondStart, n, 1L);
        }
        return new Encoding(ids, types, ones(n));
    }

    /** Brings the encodings of one call to a common length, as the options' padding says. */
    List<Encoding> pad(List<Encoding> encodings) {
        int length = switch (options.padding()) {
            case NONE -> -1;
            case LONGEST -> encodings.stream().mapToInt(Encoding::length).max().orElse(0);
            case MAX_LENGTH -> options.maxLength();
        };
        if (length < 0) {
            return encodings;
        }
        List<Encoding> padded = new ArrayList<>(encodings.size());
        for (Encoding e : encodings) {
            padded.add(e.padTo(length, special.pad()));
        }
        return padded;
    }

    /**
     * How many tokens each text of a pair keeps within {@code budget}: the same numbers as Hugging
     * Face's Rust {@code longest_first}. The shorter text is kept whole if the longer can still have
     * at least as many; otherwise both get half, the odd token going to the originally longer text
     * (to the second on a tie).
     */
    static int[] longestFirst(int lengthA, int lengthB, int budget) {
        if (lengthA + lengthB <= budget) {
            return new int[] {lengthA, lengthB};
        }
        boolean swap = lengthA > lengthB;
        int shorter = Math.min(lengthA, lengthB);
        int longer = Math.max(shorter, budget - shorter);
        if (shorter + longer > budget) {
            shorter = budget / 2;
            longer = shorter + budget % 2;
        }
        return swap ? new int[] {longer, shorter} : new int[] {shorter, longer};
    }

    private static long[] ones(int n) {
        long[] ones = new long[n];
        Arrays.fill(ones, 1L);
        return ones;
    }
}
