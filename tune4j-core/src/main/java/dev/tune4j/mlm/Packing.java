package dev.tune4j.mlm;

import dev.tune4j.tokenize.Encoding;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs documents into training sequences of at most {@code maxLength} tokens (RoBERTa's
 * "full-sentences" packing): the documents' word pieces are concatenated with [SEP] between
 * documents and cut into chunks, each wrapped as {@code [CLS] … [SEP]}. No compute is spent on padding,
 * and a long document simply continues in the next chunk. Only the last chunk may be shorter.
 */
public final class Packing {

    private Packing() {}

    /**
     * @param documents word-piece ids of each document, without special tokens
     * @return chunks of {@code [CLS] pieces [SEP]}, each at most {@code maxLength} long
     */
    public static List<long[]> pack(List<long[]> documents, int maxLength, long clsId, long sepId) {
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must leave room for a token besides [CLS] and [SEP], got " + maxLength);
        }
        int budget = maxLength - 2;
        List<long[]> chunks = new ArrayList<>();
        long[] content = new long[budget];
        int filled = 0;
        for (long[] doc : documents) {
            if (doc.length == 0) {
                continue;
            }
            // A separator between documents, but never at the start of a chunk.
            if (filled > 0) {
                content[filled++] = sepId;
                if (filled == budget) {
                    chunks.add(wrap(content, filled - 1, clsId, sepId)); // the closing [SEP] replaces it
                    filled = 0;
                }
            }
            int at = 0;
            while (at < doc.length) {
                int n = Math.min(budget - filled, doc.length - at);
                System.arraycopy(doc, at, content, filled, n);
                filled += n;
                at += n;
                if (filled == budget) {
                    chunks.add(wrap(content, filled, clsId, sepId));
                    filled = 0;
                }
            }
        }
        if (filled > 0) {
            chunks.add(wrap(content, filled, clsId, sepId));
        }
        return chunks;
    }

    private static long[] wrap(long[] content, int n, long clsId, long sepId) {
        long[] chunk = new long[n + 2];
        chunk[0] = clsId;
        System.arraycopy(content, 0, chunk, 1, n);
        chunk[n + 1] = sepId;
        return chunk;
    }

    /** A chunk as an encoding: one segment, no padding. */
    public static Encoding encoding(long[] chunk) {
        long[] ones = new long[chunk.length];
        java.util.Arrays.fill(ones, 1L);
        return new Encoding(chunk, new long[chunk.length], ones);
    }
}
