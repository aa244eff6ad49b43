package dev.tune4j.serve;

import dev.tune4j.tokenize.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * TEI's batching for one model: every admitted input waits in one queue; a single thread takes inputs in arrival
 * order until the next would push the padded size (rows × longest row) past {@code maxBatchTokens} (or the
 * batch holds {@code maxBatchRequests}), sorts them by
 * length, runs one forward and completes each input's future. The queue needs no bound of its own: admission
 * allows at most {@code --max-concurrent-requests} inputs into all queues together.
 */
final class Batcher implements AutoCloseable {

    /** One tokenized input waiting for its forward; {@code raw} asks a classifier for logits. */
    record Entry(Encoding encoding, boolean raw, Client client, CompletableFuture<Result> result, long queuedAt) {

        Entry(Encoding encoding, boolean raw, Client client) {
            this(encoding, raw, client, new CompletableFuture<>(), System.nanoTime());
        }

        Entry(Encoding encoding, boolean raw) {
            this(encoding, raw, Client.NONE);
        }

        int tokens() {
            return encoding.length();
        }
    }

    /** An input's output row with the nanoseconds it waited and its batch's forward took. */
    record Result(float[] values, long queueNanos, long inferenceNanos) {}

    /** What a dropped input's request is failed with; nobody reads the answer, so it counts no second failure. */
    static final ApiError DROPPED = new ApiError(ErrorType.Backend, 499, "the client closed the connection", null);

    private final Backend backend;
    private final int maxBatchTokens;
    private final int maxBatchRequests;
    private final ServeMetrics metrics;
    private final LinkedBlockingDeque<Entry> queue = new LinkedBlockingDeque<>();
    private final Thread thread;
    private volatile boolean running = true;

    Batcher(String name, Backend backend, int maxBatchTokens, int maxBatchRequests, ServeMetrics metrics) {
        if (backend.maxLength() > maxBatchTokens) {
            throw new IllegalArgumentException("--max-batch-tokens " + maxBatchTokens + " is less than model '" + name
                    + "''s longest input (" + backend.maxLength() + " tokens); raise it to at least that");
        }
        this.backend = backend;
        this.maxBatchTokens = maxBatchTokens;
        this.maxBatchRequests = maxBatchRequests <= 0 ? Integer.MAX_VALUE : maxBatchRequests;
        this.metrics = metrics;
        this.thread = new Thread(this::loop, "tune4j-batcher-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    void submit(List<Entry> entries) {
        metrics.queued(entries.size());
        queue.addAll(entries);
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first != null) {
                    run(next(first));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Entries from the head of the queue while the padded batch stays within the token budget. */
    private List<Entry> next(Entry first) {
        List<Entry> batch = new ArrayList<>();
        int longest = 0;
        for (Entry e = first; e != null; e = queue.pollFirst()) {
            if (e.result().isDone() || e.client().gone()) { // its request failed, or its client left: skip it
                metrics.queued(-1);
                metrics.count("te_request_failure", "err", "dropped");
                e.result().completeExceptionally(DROPPED);
                continue;
            }
            int padded = Math.max(longest, e.tokens()) * (batch.size() + 1);
            if (!batch.isEmpty() && (padded > maxBatchTokens || batch.size() == maxBatchRequests)) {
                queue.addFirst(e);
                break;
            }
            longest = Math.max(longest, e.tokens());
            batch.add(e);
        }
        metrics.queued(-batch.size());
        metrics.batchSize.record(batch.size());
        metrics.batchTokens.record((double) longest * batch.size());
        return batch;
    }

    private void run(List<Entry> batch) {
        batch.sort(Comparator.comparingInt(Entry::tokens).reversed());
        for (boolean raw : new boolean[] {false, true}) {
            List<Entry> group = batch.stream().filter(e -> e.raw() == raw).toList();
            if (!group.isEmpty()) {
                forward(group);
            }
        }
    }

    private void forward(List<Entry> group) {
        long start = System.nanoTime();
        try {
            float[][] rows = backend.run(group.stream().map(Entry::encoding).toList(), group.get(0).raw());
            long end = System.nanoTime();
            metrics.batchInferenceDuration.record((end - start) / 1e9);
            for (int i = 0; i < group.size(); i++) {
                Entry e = group.get(i);
                e.result().complete(new Result(rows[i], start - e.queuedAt(), end - start));
            }
        } catch (RuntimeException | Error e) {
            // Inputs were validated before queueing, so this is the backend itself: fail the batch, keep serving.
            ApiError error = new ApiError(ErrorType.Backend, "Inference failed: " + e.getMessage(), "inference");
            group.forEach(entry -> entry.result().completeExceptionally(error));
        }
    }

    /** Stops after every queued input is answered. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
