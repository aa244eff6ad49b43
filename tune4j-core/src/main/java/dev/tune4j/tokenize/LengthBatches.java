package dev.tune4j.tokenize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Groups examples of similar length so that padding each batch to its longest row wastes little:
 * sorted longest first (the first batch shows the peak memory at once), then cut into batches.
 */
public final class LengthBatches {

    private LengthBatches() {}

    /** Indices into {@code encodings}, in batches of at most {@code batchSize}. */
    public static List<int[]> plan(List<Encoding> encodings, int batchSize) {
        return plan(encodings.size(), i -> encodings.get(i).length(), batchSize);
    }

    /** Indices {@code 0..n-1} ordered by descending {@code length}, in batches of at most {@code batchSize}. */
    public static List<int[]> plan(int n, IntUnaryOperator length, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> length.applyAsInt(i)).reversed())
                .mapToInt(Integer::intValue).toArray();
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            int[] batch = new int[to - from];
            System.arraycopy(order, from, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }
}
