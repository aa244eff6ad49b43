package dev.tune4j.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** Answers: JSON with TEI's timing headers, errors in TEI's or OpenAI's shape, and the metrics they count. */
final class Replies {

    /** Set on requests to the OpenAI route, whose errors are {@code {message, code, type}}. */
    static final String OPENAI = "tune4j.openai";
    private static final Gson GSON = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private final ServeMetrics metrics;

    Replies(ServeMetrics metrics) {
        this.metrics = metrics;
    }

    void json(Context ctx, int status, JsonElement body) {
        Timing.of(ctx).write(ctx);
        if (Client.mustClose(ctx)) {
            ctx.header("Connection", "close");
        }
        ctx.status(status).contentType("application/json").result(GSON.toJson(body));
    }

    /**
     * Answers with {@code render(rows)} once the inference completes, or with the error it failed with; records
     * TEI's per-request metrics on success.
     */
    void whenDone(Context ctx, CompletableFuture<float[][]> rows, String method, Function<float[][], JsonElement> render) {
        ctx.future(() -> rows.handle((result, failure) -> {
            if (failure != null) {
                error(ctx, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                return null;
            }
            json(ctx, 200, render.apply(result));
            succeeded(ctx, method);
            return null;
        }));
    }

    void requested(String method) {
        metrics.count("te_request_count", "method", method);
    }

    void succeeded(Context ctx, String method) {
        Timing t = Timing.of(ctx);
        metrics.count("te_request_success", "method", method);
        metrics.requestDuration.record(t.seconds());
        metrics.tokenizationDuration.record(t.tokenizationNanos / 1e9);
        metrics.queueDuration.record(t.queueNanos / 1e9);
        metrics.inferenceDuration.record(t.inferenceNanos / 1e9);
    }

    void error(Context ctx, Throwable failure) {
        ApiError e = failure instanceof ApiError api ? api
                : new ApiError(ErrorType.Backend, "Inference failed: " + failure, "backend");
        if (e.failure() != null) {
            metrics.count("te_request_failure", "err", e.failure());
        }
        JsonObject body = new JsonObject();
        if (Boolean.TRUE.equals(ctx.attribute(OPENAI))) {
            body.addProperty("message", e.getMessage());
            body.addProperty("code", e.status());
            body.addProperty("type", e.type().name());
        } else {
            body.addProperty("error", e.getMessage());
            body.addProperty("error_type", e.type().name());
        }
        json(ctx, e.status(), body);
    }
}
