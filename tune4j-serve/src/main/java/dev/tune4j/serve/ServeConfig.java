package dev.tune4j.serve;

import dev.tune4j.engine.Precision;
import java.util.Objects;

/**
 * How the server runs. Defaults are TEI's where TEI has the same knob.
 *
 * @param host the address to bind; loopback unless the user asks otherwise
 * @param port 0 picks a free port (tests)
 * @param maxBatchTokens padded tokens (rows × longest row) one forward may take; a batch closes before exceeding it
 * @param maxBatchRequests inputs one forward may take, 0 for no limit but the tokens (1 turns batching off)
 * @param maxConcurrentRequests inputs admitted at once, over all models; the next one is answered 429 at once
 * @param maxClientBatchSize inputs one request may carry
 * @param payloadLimit bytes of request body; more is answered 413
 * @param apiKey the bearer token every inference route requires, or null for none
 * @param dtype the encoder's compute format
 * @param autoTruncate what a request without {@code truncate} gets
 * @param drainSeconds how long shutdown waits for in-flight requests
 * @param maxQueueSeconds a model admits no more inputs than its forwards get through in this many seconds (its
 *     measured rate × this), so that the line a burst leaves behind is gone this long after the burst; 0: no such
 *     bound, only {@code maxConcurrentRequests}
 */
public record ServeConfig(String host, int port, int maxBatchTokens, int maxBatchRequests, int maxConcurrentRequests,
                          int maxClientBatchSize, int payloadLimit, String apiKey, Precision dtype, boolean autoTruncate,
                          int drainSeconds, double maxQueueSeconds) {

    public static final String LOOPBACK = "127.0.0.1";

    /**
     * The default of {@code maxQueueSeconds}: none, TEI's behaviour. A bound of S seconds makes a server serve
     * normally within S of a burst's end, but it also refuses a steady load that merely waits longer than S (16
     * clients on 2 loaded cores wait 20 s), which is the operator's choice of latency over throughput.
     */
    public static final double MAX_QUEUE_SECONDS = 0;

    public ServeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dtype, "dtype");
        positive("max-batch-tokens", maxBatchTokens);
        positive("max-concurrent-requests", maxConcurrentRequests);
        if (maxBatchRequests < 0) {
            throw new IllegalArgumentException("--max-batch-requests must be >= 0 (0: no limit), got "
                    + maxBatchRequests);
        }
        positive("max-client-batch-size", maxClientBatchSize);
        positive("payload-limit", payloadLimit);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("the API key is empty; put the key in the file or leave --api-key-file out");
        }
        if (drainSeconds < 0) {
            throw new IllegalArgumentException("drain seconds must be >= 0, got " + drainSeconds);
        }
        if (!(maxQueueSeconds >= 0) || Double.isInfinite(maxQueueSeconds)) {
            throw new IllegalArgumentException("--max-queue-seconds must be >= 0 (0: no bound), got " + maxQueueSeconds);
        }
    }

    /** Without a queue bound in seconds ({@link #MAX_QUEUE_SECONDS}). */
    public ServeConfig(String host, int port, int maxBatchTokens, int maxBatchRequests, int maxConcurrentRequests,
                       int maxClientBatchSize, int payloadLimit, String apiKey, Precision dtype, boolean autoTruncate,
                       int drainSeconds) {
        this(host, port, maxBatchTokens, maxBatchRequests, maxConcurrentRequests, maxClientBatchSize, payloadLimit, apiKey,
                dtype, autoTruncate, drainSeconds, MAX_QUEUE_SECONDS);
    }

    /** TEI's defaults: 16384 batch tokens, 512 concurrent inputs, 32 inputs per request, 2 MB bodies; fp32; no bound in seconds. */
    public static ServeConfig defaults() {
        return new ServeConfig(LOOPBACK, 8080, 16_384, 0, 512, 32, 2_000_000, null, Precision.FP32, false, 30,
                MAX_QUEUE_SECONDS);
    }

    public ServeConfig withPort(int newPort) {
        return new ServeConfig(host, newPort, maxBatchTokens, maxBatchRequests, maxConcurrentRequests, maxClientBatchSize,
                payloadLimit, apiKey, dtype, autoTruncate, drainSeconds, maxQueueSeconds);
    }

    public ServeConfig withLimits(int batchTokens, int concurrent, int clientBatch) {
        return new ServeConfig(host, port, batchTokens, maxBatchRequests, concurrent, clientBatch, payloadLimit, apiKey,
                dtype, autoTruncate, drainSeconds, maxQueueSeconds);
    }

    public ServeConfig withMaxQueueSeconds(double seconds) {
        return new ServeConfig(host, port, maxBatchTokens, maxBatchRequests, maxConcurrentRequests, maxClientBatchSize,
                payloadLimit, apiKey, dtype, autoTruncate, drainSeconds, seconds);
    }

    public ServeConfig withApiKey(String key) {
        return new ServeConfig(host, port, maxBatchTokens, maxBatchRequests, maxConcurrentRequests, maxClientBatchSize,
                payloadLimit, key, dtype, autoTruncate, drainSeconds, maxQueueSeconds);
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("--" + option + " must be > 0, got " + value);
        }
    }
}
