package dev.tune4j.tokenize;

import java.util.Objects;

/**
 * How long encodings may get and how they are padded.
 *
 * @param maxLength most tokens per encoding, special tokens included; 0 means no truncation. A single
 *     text keeps {@code maxLength - 2} of its tokens ([CLS] text [SEP]), a pair {@code maxLength - 3}
 * @param truncation which tokens of a too-long text survive
 * @param padding how encodings of one call are brought to a common length
 */
public record TokenizerOptions(int maxLength, Truncation truncation, Padding padding) {

    /** No truncation, no padding. */
    public static final TokenizerOptions NONE = new TokenizerOptions(0, Truncation.HEAD, Padding.NONE);

    /** The smallest length that leaves a single text one token besides [CLS] and [SEP]. */
    static final int MIN_SINGLE_LENGTH = 3;

    /** The smallest length that leaves each text of a pair one token besides [CLS], [SEP], [SEP]. */
    static final int MIN_PAIR_LENGTH = 5;

    public TokenizerOptions {
        Objects.requireNonNull(truncation, "truncation");
        Objects.requireNonNull(padding, "padding");
        if (maxLength < 0) {
            throw new IllegalArgumentException(
                    "maxLength (" + maxLength + ") must be 0 (no truncation) or positive");
        }
        if (maxLength > 0 && maxLength < MIN_SINGLE_LENGTH) {
            throw new IllegalArgumentException("maxLength (" + maxLength + ") leaves no room for text after"
                    + " [CLS] and [SEP]; use 0 (no truncation) or at least " + MIN_SINGLE_LENGTH);
        }
        if (padding == Padding.MAX_LENGTH && maxLength == 0) {
            throw new IllegalArgumentException("padding MAX_LENGTH needs a maxLength, but maxLength is 0");
        }
    }

    /** Cut to {@code maxLength} keeping the start, pad a batch to its longest encoding. */
    public static TokenizerOptions truncateTo(int maxLength) {
        return new TokenizerOptions(maxLength, Truncation.HEAD, Padding.LONGEST);
    }

    public TokenizerOptions withTruncation(Truncation newTruncation) {
        return new TokenizerOptions(maxLength, newTruncation, padding);
    }

    public TokenizerOptions withPadding(Padding newPadding) {
        return new TokenizerOptions(maxLength, truncation, newPadding);
    }

    boolean truncates() {
        return maxLength > 0;
    }
}
