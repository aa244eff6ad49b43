package dev.tune4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Classifier;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /info}: TEI's {@code Info} (model, dtype, type with labels or pooling, every limit, version), plus a
 * {@code tune4j} section for the web page's model card: labels, the run's validation metrics and its report.
 * Also serves that report ({@code /runs/{name}/report.html} and its charts).
 */
final class InfoRoutes {

    private static final Pattern REPORT_FILE = Pattern.compile("[A-Za-z0-9_-]+\\.(html|png)");

    private final ServeConfig config;
    private final Replies replies;

    InfoRoutes(ServeConfig config, Replies replies) {
        this.config = config;
        this.replies = replies;
    }

    void info(Context ctx, ServedModel model, List<String> names) {
        JsonObject o = new JsonObject();
        o.addProperty("model_id", model.source());
        o.add("model_sha", null);
        o.addProperty("model_dtype", model.dtype());
        o.addProperty("served_model_name", model.name());
        o.add("model_type", modelType(model));
        o.addProperty("max_concurrent_requests", config.maxConcurrentRequests());
        o.addProperty("max_queue_seconds", config.maxQueueSeconds()); // tune4j's: see ServeConfig
        o.addProperty("max_input_length", model.backend().maxLength());
        o.addProperty("max_batch_tokens", config.maxBatchTokens());
        if (config.maxBatchRequests() > 0) {
            o.addProperty("max_batch_requests", config.maxBatchRequests());
        } else {
            o.add("max_batch_requests", null);
        }
        o.addProperty("max_client_batch_size", config.maxClientBatchSize());
        o.addProperty("auto_truncate", config.autoTruncate());
        o.addProperty("tokenization_workers", 0); // tokenization runs on the request's own thread
        o.addProperty("version", Classifier.VERSION);
        o.add("sha", null);
        o.add("docker_label", null);
        o.addProperty("payload_limit", config.payloadLimit());
        o.add("tune4j", card(model, names));
        replies.json(ctx, 200, o);
    }

    /** A file of a classifier's run report; 404 for anything else. */
    void report(Context ctx, ServedModel model, String file) throws IOException {
        Path path = model.runDir() == null || !REPORT_FILE.matcher(file).matches() ? null : model.runDir().resolve(file);
        if (path == null || !Files.isRegularFile(path)) {
            throw new ApiError(ErrorType.Validation, 404, "no report file '" + file + "' for model '" + model.name() + "'",
                    "not_found");
        }
        ctx.contentType(file.endsWith(".png") ? "image/png" : "text/html; charset=utf-8");
        InputStream in = Files.newInputStream(path);
        ctx.result(in);
    }

    private static JsonObject modelType(ServedModel model) {
        JsonObject type = new JsonObject();
        JsonObject inner = new JsonObject();
        if (model.backend() instanceof ClassifierBackend c) {
            JsonObject id2label = new JsonObject();
            JsonObject label2id = new JsonObject();
            for (int i = 0; i < c.labels().size(); i++) {
                id2label.addProperty(Integer.toString(i), c.labels().get(i));
                label2id.addProperty(c.labels().get(i), i);
            }
            inner.add("id2label", id2label);
            inner.add("label2id", label2id);
            type.add("classifier", inner);
        } else if (model.backend() instanceof EmbeddingBackend e) {
            inner.addProperty("pooling", e.pooling().name().toLowerCase(java.util.Locale.ROOT));
            type.add("embedding", inner);
        }
        return type;
    }

    private static JsonObject card(ServedModel model, List<String> names) {
        JsonObject card = new JsonObject();
        card.addProperty("kind", model.kind());
        card.add("models", strings(names));
        if (model.backend() instanceof ClassifierBackend c) {
            card.add("labels", strings(c.labels()));
            card.addProperty("multi_label", c.multiLabel());
        } else {
            card.addProperty("dimension", model.backend().width());
        }
        Path run = model.runDir();
        if (run != null) {
            card.addProperty("run", run.getFileName().toString());
            JsonElement metrics = read(run.resolve("metrics.json"));
            if (metrics != null && metrics.isJsonObject()) {
                JsonObject m = metrics.getAsJsonObject();
                card.add("best_epoch", m.get("best_epoch"));
                card.add("validation", m.get("validation"));
            }
            if (Files.isRegularFile(run.resolve("report.html"))) {
                card.addProperty("report", "/runs/" + model.name() + "/report.html");
            }
        }
        return card;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static JsonElement read(Path file) {
        try {
            return Files.isRegularFile(file) ? JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)) : null;
        } catch (IOException | RuntimeException e) {
            return null; // a card without metrics is still a card
        }
    }
}
