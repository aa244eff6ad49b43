package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tune4j.engine.Precision;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** How the batcher cuts its queue: by padded tokens, by rows when asked, longest first, each input its own row. */
class BatcherTest {

    /** Echoes each encoding's length as its output row; the first forward waits until the queue is filled. */
    private static final class Recorder implements Backend {
        final List<List<Integer>> forwards = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch filled = new CountDownLatch(1);

        @Override
        public float[][] run(List<Encoding> encodings, boolean raw) {
            started.countDown();
            try {
                filled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            forwards.add(encodings.stream().map(Encoding::length).toList());
            return encodings.stream().map(e -> new float[] {e.length(), raw ? 1 : 0}).toArray(float[][]::new);
        }

        @Override
        public int width() {
            return 2;
        }

        @Override
        public int maxLength() {
            return 16;
        }

        @Override
        public BertTokenizer tokenizer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Encoding> encode(List<String> texts, boolean truncate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Precision runIn(Precision requested, Consumer<String> warn) {
            return Precision.FP32;
        }

        @Override
        public void close() {}
    }

    private static List<List<Integer>> run(int maxTokens, int maxRequests, int... lengths) throws InterruptedException {
        Recorder backend = new Recorder();
        List<Batcher.Entry> entries = new ArrayList<>();
        for (int length : lengths) {
            entries.add(new Batcher.Entry(new Encoding(new long[length], new long[length], new long[length]), length == 3));
        }
        try (Batcher batcher = new Batcher("test", backend, maxTokens, maxRequests, 0, new ServeMetrics(512))) {
            batcher.submit(List.of(entries.get(0))); // taken alone, as at an idle server
            backend.started.await();
            batcher.submit(entries.subList(1, entries.size()));
            backend.filled.countDown();
            for (int i = 0; i < lengths.length; i++) {
                Batcher.Result r = entries.get(i).result().join();
                assertArrayEquals(new float[] {lengths[i], lengths[i] == 3 ? 1 : 0}, r.values(), "input " + i + "'s own row");
            }
        }
        return backend.forwards;
    }

    @Test
    void aBatchClosesBeforeItsPaddedTokensPassTheBudget() throws InterruptedException {
        // After the first input alone: 8+4 → padded 2 x 8 = 16 fits; a third row (24) would not.
        assertEquals(List.of(List.of(5), List.of(8, 4), List.of(6, 2), List.of(9)), run(16, 0, 5, 4, 8, 2, 6, 9));
    }

    @Test
    void maxBatchRequestsOfOneRunsEachInputAlone() throws InterruptedException {
        assertEquals(List.of(List.of(5), List.of(4), List.of(8), List.of(2)), run(1_000, 1, 5, 4, 8, 2));
    }

    @Test
    void rawAndProbabilityInputsOfOneBatchGoThroughSeparateForwards() throws InterruptedException {
        assertEquals(List.of(List.of(5), List.of(4, 2), List.of(3)), run(1_000, 0, 5, 4, 3, 2));
    }
}
