package dev.tune4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI's embeddings API ({@code POST /v1/embeddings}, {@code GET /v1/models}), so that any OpenAI client works:
 * vectors are L2-normalized and truncated as the server's {@code auto_truncate} says, as in TEI; the
 * {@code "model"} field selects among the served models.
 */
final class OpenAiRoutes {

    private final ServeConfig config;
    private final Inference inference;
    private final Replies replies;
    private final long created = System.currentTimeMillis() / 1000;

    OpenAiRoutes(ServeConfig config, Inference inference, Replies replies) {
        this.config = config;
        this.inference = inference;
        this.replies = replies;
    }

    /**
     * {@code {"input", "model", "encoding_format", "dimensions"}} → {@code {"object":"list","data":[…],"model","usage"}};
     * with {@code dimensions}, each vector's first that many values, normalized after the cut as OpenAI's are.
     */
    void embeddings(Context ctx, Models models) {
        JsonObject o = Requests.object(ctx, config.payloadLimit());
        ServedModel model = models.select(Requests.string(o, "model"));
        if (model.classifier()) {
            throw new ApiError(ErrorType.Backend, "Model '" + model.name() + "' is a classifier, not an embedding model",
                    "model_type");
        }
        String format = Requests.string(o, "encoding_format");
        boolean base64 = "base64".equals(format);
        if (format != null && !base64 && !format.equals("float")) {
            throw ApiError.validation("`encoding_format` must be float or base64, got " + format);
        }
        int dimensions = Requests.dimensions(o, model.backend().width());
        Requests.Texts texts = Requests.texts(o, "input", config.maxClientBatchSize());
        Timing timing = Timing.of(ctx);
        timing.characters = texts.characters();
        String method = texts.single() ? "single" : "batch";
        replies.requested(method);
        CompletableFuture<float[][]> vectors = inference.submit(model, texts.texts(), config.autoTruncate(), false, timing,
                Client.of(ctx));
        replies.whenDone(ctx, vectors, method, rows -> {
            JsonArray data = new JsonArray();
            for (int i = 0; i < rows.length; i++) {
                JsonObject e = new JsonObject();
                e.addProperty("object", "embedding");
                float[] v = Vectors.normalized(Vectors.first(rows[i], dimensions));
                if (base64) {
                    e.addProperty("embedding", base64(v));
                } else {
                    e.add("embedding", TeiRoutes.vector(v));
                }
                e.addProperty("index", i);
                data.add(e);
            }
            JsonObject usage = new JsonObject();
            usage.addProperty("prompt_tokens", timing.tokens);
            usage.addProperty("total_tokens", timing.tokens);
            JsonObject out = new JsonObject();
            out.addProperty("object", "list");
            out.add("data", data);
            out.addProperty("model", model.name());
            out.add("usage", usage);
            return out;
        });
    }

    /** {@code {"object":"list","data":[{"id","object":"model","created","owned_by"}]}}. */
    void list(Context ctx, Collection<ServedModel> served) {
        JsonArray data = new JsonArray();
        for (ServedModel m : served) {
            JsonObject o = new JsonObject();
            o.addProperty("id", m.name());
            o.addProperty("object", "model");
            o.addProperty("created", created);
            o.addProperty("owned_by", "tune4j");
            data.add(o);
        }
        JsonObject out = new JsonObject();
        out.addProperty("object", "list");
        out.add("data", data);
        replies.json(ctx, 200, out);
    }

    /** Little-endian float32 bytes, base64: what OpenAI's clients decode. */
    private static String base64(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            buf.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(buf.array());
    }
}
