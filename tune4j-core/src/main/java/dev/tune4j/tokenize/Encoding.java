package dev.tune4j.tokenize;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tokenized text or text pair, ready for BERT: {@code [CLS] a [SEP]} or {@code [CLS] a [SEP] b
 * [SEP]}, possibly followed by padding.
 *
 * <p>The arrays are shared, not copied, because encodings are made by the thousand; do not modify
 * them. Being arrays, they make {@code equals} compare identity, so compare encodings with {@link
 * Arrays#equals(long[], long[])} on the fields.
 *
 * @param inputIds vocabulary ids, T of them
 * @param typeIds 0 for [CLS], the first text and its [SEP]; 1 for the second text and its [SEP]; 0
 *     for padding
 * @param attentionMask 1 for real tokens, 0 for padding
 * @see BertTokenizer#tokens(long[]) for the word pieces behind the ids
 */
public record Encoding(long[] inputIds, long[] typeIds, long[] attentionMask) {

    public Encoding {
        Objects.requireNonNull(inputIds, "inputIds");
        Objects.requireNonNull(typeIds, "typeIds");
        Objects.requireNonNull(attentionMask, "attentionMask");
        int n = inputIds.length;
        if (typeIds.length != n || attentionMask.length != n) {
            throw new IllegalArgumentException("Encoding arrays differ in length: inputIds " + n + ", typeIds "
                    + typeIds.length + ", attentionMask " + attentionMask.length);
        }
    }

    /** T, padding included. */
    public int length() {
        return inputIds.length;
    }

    /** This encoding followed by padding up to {@code newLength} tokens. */
    Encoding padTo(int newLength, long padId) {
        if (newLength < length()) {
            throw new IllegalArgumentException(
                    "Cannot pad an encoding of " + length() + " tokens to " + newLength);
        }
        if (newLength == length()) {
            return this;
        }
        long[] ids = Arrays.copyOf(inputIds, newLength);
        Arrays.fill(ids, length(), newLength, padId);
        return new Encoding(ids, Arrays.copyOf(typeIds, newLength), Arrays.copyOf(attentionMask, newLength));
    }
}
