package dev.tune4j.serve;

import io.javalin.http.Context;

/**
 * TEI's timing headers for one request ({@code router/src/http/server.rs}, {@code ResponseMetadata}), in
 * milliseconds; queue and inference times are the means over the request's inputs, as TEI reports them.
 */
final class Timing {

    static final String KEY = "tune4j.timing";

    private final long start = System.nanoTime();
    long characters;
    long tokens;
    long tokenizationNanos;
    long queueNanos;
    long inferenceNanos;

    static Timing of(Context ctx) {
        Timing t = ctx.attribute(KEY);
        if (t == null) {
            t = new Timing();
            ctx.attribute(KEY, t);
        }
        return t;
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    void write(Context ctx) {
        String total = Long.toString((System.nanoTime() - start) / 1_000_000);
        ctx.header("x-compute-type", "cpu");
        ctx.header("x-compute-time", total);
        ctx.header("x-total-time", total);
        ctx.header("x-compute-characters", Long.toString(characters));
        ctx.header("x-compute-tokens", Long.toString(tokens));
        ctx.header("x-tokenization-time", Long.toString(tokenizationNanos / 1_000_000));
        ctx.header("x-queue-time", Long.toString(queueNanos / 1_000_000));
        ctx.header("x-inference-time", Long.toString(inferenceNanos / 1_000_000));
    }
}
