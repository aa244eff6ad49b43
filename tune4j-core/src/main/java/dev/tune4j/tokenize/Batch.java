package dev.tune4j.tokenize;

import java.util.List;
import java.util.Objects;

/**
 * Encodings of equal length stacked for the model, each field a flat row-major (B, T) array: that is
 * what {@code NDManager.create(long[], Shape)} copies in one go, without a long[][] walk.
 *
 * @param inputIds (B, T) vocabulary ids
 * @param typeIds (B, T) segment ids
 * @param attentionMask (B, T) 1 for real tokens, 0 for padding
 * @param size B, the number of rows
 * @param length T, the tokens per row
 */
public record Batch(long[] inputIds, long[] typeIds, long[] attentionMask, int size, int length) {

    public Batch {
        Objects.requireNonNull(inputIds, "inputIds");
        Objects.requireNonNull(typeIds, "typeIds");
        Objects.requireNonNull(attentionMask, "attentionMask");
        if (size < 0 || length < 0) {
            throw new IllegalArgumentException("Batch size (" + size + ") and length (" + length
                    + ") must not be negative");
        }
        long cells = (long) size * length;
        if (inputIds.length != cells || typeIds.length != cells || attentionMask.length != cells) {
            throw new IllegalArgumentException("Batch of " + size + " x " + length + " needs " + cells
                    + " values per array, got inputIds " + inputIds.length + ", typeIds " + typeIds.length
                    + ", attentionMask " + attentionMask.length);
        }
    }

    /** Stacks encodings that already share one length, as any padding but {@link Padding#NONE} makes them. */
    public static Batch of(List<Encoding> encodings) {
        int size = encodings.size();
        int length = size == 0 ? 0 : encodings.get(0).length();
        long[] ids = new long[size * length];
        long[] types = new long[size * length];
        long[] mask = new long[size * length];
        for (int row = 0; row < size; row++) {
            Encoding e = encodings.get(row);
            if (e.length() != length) {
                throw new IllegalArgumentException("Encodings differ in length (" + length + " at row 0, "
                        + e.length() + " at row " + row + "); encode with Padding.LONGEST or MAX_LENGTH");
            }
            System.arraycopy(e.inputIds(), 0, ids, row * length, length);
            System.arraycopy(e.typeIds(), 0, types, row * length, length);
            System.arraycopy(e.attentionMask(), 0, mask, row * length, length);
        }
        return new Batch(ids, types, mask, size, length);
    }

    /**
     * The encodings at {@code rows}, right-padded with {@code padId} to the longest of them: the
     * dynamic padding of length-sorted batches, where a batch of short texts stays short.
     */
    public static Batch padded(List<Encoding> encodings, int[] rows, long padId) {
        int t = 0;
        for (int i : rows) {
            t = Math.max(t, encodings.get(i).length());
        }
        long[] ids = new long[rows.length * t];
        long[] types = new long[rows.length * t];
        long[] mask = new long[rows.length * t];
        java.util.Arrays.fill(ids, padId);
        for (int r = 0; r < rows.length; r++) {
            Encoding e = encodings.get(rows[r]);
            System.arraycopy(e.inputIds(), 0, ids, r * t, e.length());
            System.arraycopy(e.typeIds(), 0, types, r * t, e.length());
            System.arraycopy(e.attentionMask(), 0, mask, r * t, e.length());
        }
        return new Batch(ids, types, mask, rows.length, t);
    }

    /** {B, T}, for {@code new Shape(batch.shape())}. */
    public long[] shape() {
        return new long[] {size, length};
    }
}
