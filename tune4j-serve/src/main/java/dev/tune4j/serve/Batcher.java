package dev.tune4j.serve;

import dev.tune4j.tokenize.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEI's batching for one model: every admitted input waits in one queue; a single thread takes inputs in arrival
 * order until the next would push the padded size (rows × longest row) past {@code maxBatchTokens} (or the
 * batch holds {@code maxBatchRequests}), sorts them by
 * length, runs one forward and completes each input's future. Admission allows at most
 * {@code --max-concurrent-requests} inputs into all queues together; {@link #reserve} also keeps this model's
 * line within what its forwards get through in {@code maxQueueSeconds}.
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

    /** How much the last forward weighs against those before it in the measured rate (about the last 4 count). */
    private static final double DECAY = 0.75;

    private final Backend backend;
    private final int maxBatchTokens;
    private final int maxBatchRequests;
    private final ServeMetrics metrics;
    private final LinkedBlockingDeque<Entry> queue = new LinkedBlockingDeque<>();
    private final Thread thread;
    private final double maxQueueSeconds;
    /** Inputs of this model admitted and not yet answered: queued or in the running forward. */
    private final AtomicInteger pending = new AtomicInteger();
    private long forwards; // batcher thread only
    private double decayedInputs;
    private double decayedSeconds;
    private volatile double inputsPerSecond; // of forward time, decayed; 0 before the second forward
    private volatile boolean running = true;

    Batcher(String name, Backend backend, int maxBatchTokens, int maxBatchRequests, double maxQueueSeconds,
            ServeMetrics metrics) {
        if (backend.maxLength() > maxBatchTokens) {
            throw new IllegalArgumentException("--max-batch-tokens " + maxBatchTokens + " is less than model '" + name
                    + "''s longest input (" + backend.maxLength() + " tokens); raise it to at least that");
        }
        this.backend = backend;
        this.maxBatchTokens = maxBatchTokens;
        this.maxBatchRequests = maxBatchRequests <= 0 ? Integer.MAX_VALUE : maxBatchRequests;
        this.maxQueueSeconds = maxQueueSeconds;
        this.metrics = metrics;
        this.thread = new Thread(this::loop, "tune4j-batcher-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Takes room for {@code inputs} more, or returns false when the inputs pending would take the forwards longer than
     * {@code maxQueueSeconds} at the measured rate (Little's law: a line of rate × T inputs drains in T). An idle
     * model always takes a request, whatever its size, and so does one whose rate is not measured yet. Room taken
     * is given back as each input is answered, or by {@link #unreserve} for inputs that never reach the queue.
     */
    boolean reserve(int inputs) {
        double limit = inputsPerSecond * maxQueueSeconds;
        while (true) {
            int now = pending.get();
            if (now > 0 && limit > 0 && now + inputs > limit) {
                return false;
            }
            if (pending.compareAndSet(now, now + inputs)) {
                return true;
            }
        }
    }

    void unreserve(int inputs) {
        pending.addAndGet(-inputs);
    }

    /** Queues reserved inputs; each gives its room back once answered, dropped or failed. */
    void submit(List<Entry> entries) {
        entries.forEach(e -> e.result().whenComplete((r, failure) -> pending.decrementAndGet()));
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
            if (forwards++ > 0) { // the first forward warms libtorch up: no measure of the rate
                decayedInputs = DECAY * decayedInputs + group.size();
                decayedSeconds = DECAY * decayedSeconds + (end - start) / 1e9;
                inputsPerSecond = decayedInputs / decayedSeconds;
            }
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
