package dev.tune4j.serve;

import dev.tune4j.tokenize.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request's way to its model, as TEI's {@code Infer} does it: admission (a permit per input, never waiting),
 * tokenization and validation on the request's own thread (one bad input fails its request, never a batch), then
 * the batcher's queue. The future completes with one row per text, in the request's order.
 */
final class Inference {

    private final Admission admission;
    private final ServeMetrics metrics;

    Inference(Admission admission, ServeMetrics metrics) {
        this.admission = admission;
        this.metrics = metrics;
    }

    /** Inputs of a request from {@code client}; they are dropped if it leaves before their forward. */
    CompletableFuture<float[][]> submit(ServedModel model, List<String> texts, boolean truncate, boolean raw, Timing timing,
                                        Client client) {
        int n = texts.size();
        admission.acquire(n);
        if (!model.batcher().reserve(n)) { // its line would outlast --max-queue-seconds
            admission.release(n);
            throw Admission.overloaded();
        }
        try {
            List<Encoding> encodings = encode(model, texts, truncate, timing);
            List<Batcher.Entry> entries = new ArrayList<>(n);
            encodings.forEach(e -> entries.add(new Batcher.Entry(e, raw, client)));
            model.batcher().submit(entries);
            CompletableFuture<?>[] futures = entries.stream().map(Batcher.Entry::result).toArray(CompletableFuture[]::new);
            CompletableFuture<float[][]> rows = CompletableFuture.allOf(futures).thenApply(v -> collect(entries, timing));
            rows.whenComplete((r, e) -> admission.release(n));
            return rows;
        } catch (RuntimeException e) { // tokenization or validation: nothing was queued
            model.batcher().unreserve(n);
            admission.release(n);
            throw e;
        }
    }

    private List<Encoding> encode(ServedModel model, List<String> texts, boolean truncate, Timing timing) {
        long start = System.nanoTime();
        List<Encoding> encodings;
        try {
            encodings = model.backend().encode(texts, truncate);
        } catch (RuntimeException e) {
            throw new ApiError(ErrorType.Tokenizer, "tokenizer error " + e.getMessage(), "tokenization");
        }
        int max = model.backend().maxLength();
        for (Encoding e : encodings) {
            if (e.length() > max) {
                throw ApiError.validation("`inputs` must have less than " + max + " tokens. Given: " + e.length());
            }
            timing.tokens += e.length();
            metrics.inputLength.record(e.length());
        }
        timing.tokenizationNanos = System.nanoTime() - start;
        return encodings;
    }

    private static float[][] collect(List<Batcher.Entry> entries, Timing timing) {
        float[][] rows = new float[entries.size()][];
        long queue = 0;
        long inference = 0;
        for (int i = 0; i < rows.length; i++) {
            Batcher.Result r = entries.get(i).result().join();
            rows[i] = r.values();
            queue += r.queueNanos();
            inference += r.inferenceNanos();
        }
        timing.queueNanos = queue / rows.length;
        timing.inferenceNanos = inference / rows.length;
        return rows;
    }
}
