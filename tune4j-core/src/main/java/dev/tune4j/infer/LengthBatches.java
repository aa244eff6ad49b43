package dev.tune4j.infer;

import dev.tune4j.tokenize.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups encodings of similar length so that padding each batch to its longest row wastes little:
 * sorted longest first (the first batch shows the peak memory at once), then cut into batches.
 */
final class LengthBatches {

    private LengthBatches() {}

    /** Indices into {@code encodings}, in batches of at most {@code batchSize}. */
    static List<int[]> plan(List<Encoding> encodings, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        int[] order = IntStream.range(0, encodings.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> encodings.get(i).length()).reversed())
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
