package dev.tune4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** TEI's {@code /embed}, {@code /predict} and {@code /tokenize}, with TEI's request and response shapes. */
final class TeiRoutes {

    private final ServeConfig config;
    private final Inference inference;
    private final Replies replies;
    private final ServeMetrics metrics;

    TeiRoutes(ServeConfig config, Inference inference, Replies replies, ServeMetrics metrics) {
        this.config = config;
        this.inference = inference;
        this.replies = replies;
        this.metrics = metrics;
    }

    /** {@code {"inputs", "normalize": true, "truncate"}} → {@code [[floats]]}, one row per input. */
    void embed(Context ctx, ServedModel model) {
        JsonObject o = Requests.object(ctx, config.payloadLimit());
        Requests.Texts texts = texts(ctx, o, "inputs");
        if (model.classifier()) {
            throw new ApiError(ErrorType.Backend, "Model '" + model.name() + "' is a classifier: use /predict", "model_type");
        }
        boolean normalize = Requests.bool(o, "normalize", true);
        boolean truncate = Requests.bool(o, "truncate", config.autoTruncate());
        replies.whenDone(ctx, inference.submit(model, texts.texts(), truncate, false, Timing.of(ctx)), method(texts), rows -> {
            JsonArray out = new JsonArray();
            for (float[] row : rows) {
                out.add(vector(normalize ? Vectors.normalized(row) : row));
            }
            return out;
        });
    }

    /**
     * {@code {"inputs", "raw_scores": false, "truncate"}} → every label with its score, best first: a list for one
     * string, a list of lists for a list of strings, as TEI answers.
     */
    void predict(Context ctx, ServedModel model) {
        JsonObject o = Requests.object(ctx, config.payloadLimit());
        Requests.Texts texts = texts(ctx, o, "inputs");
        if (!(model.backend() instanceof ClassifierBackend classifier)) {
            throw new ApiError(ErrorType.Backend, "Model '" + model.name() + "' is not a classifier: use /embed", "model_type");
        }
        boolean raw = Requests.bool(o, "raw_scores", false);
        boolean truncate = Requests.bool(o, "truncate", config.autoTruncate());
        List<String> labels = classifier.labels();
        replies.whenDone(ctx, inference.submit(model, texts.texts(), truncate, raw, Timing.of(ctx)), method(texts), rows -> {
            JsonArray out = new JsonArray();
            for (float[] row : rows) {
                out.add(predictions(row, labels));
            }
            return texts.single() ? out.get(0) : out;
        });
    }

    /** {@code {"inputs", "add_special_tokens": true}} → {@code [[{"id","text","special","start","stop"}]]}. */
    void tokenize(Context ctx, ServedModel model) {
        JsonObject o = Requests.object(ctx, config.payloadLimit());
        Requests.Texts texts = texts(ctx, o, "inputs");
        boolean specials = Requests.bool(o, "add_special_tokens", true);
        BertTokenizer tokenizer = model.backend().tokenizer();
        List<Encoding> encodings;
        try {
            encodings = model.backend().encode(texts.texts(), false);
        } catch (RuntimeException e) {
            throw new ApiError(ErrorType.Tokenizer, "tokenizer error " + e.getMessage(), "tokenization");
        }
        JsonArray out = new JsonArray();
        for (Encoding e : encodings) {
            JsonArray tokens = new JsonArray();
            long[] ids = e.inputIds();
            List<String> pieces = tokenizer.tokens(ids);
            for (int i = specials ? 0 : 1; i < (specials ? ids.length : ids.length - 1); i++) {
                JsonObject t = new JsonObject();
                t.addProperty("id", ids[i]);
                t.addProperty("text", pieces.get(i));
                t.addProperty("special", i == 0 || i == ids.length - 1);
                // Character offsets are not kept by the core's tokenizer; TEI's schema allows null.
                t.add("start", null);
                t.add("stop", null);
                tokens.add(t);
            }
            out.add(tokens);
            Timing.of(ctx).tokens += ids.length;
        }
        replies.json(ctx, 200, out);
    }

    private Requests.Texts texts(Context ctx, JsonObject o, String key) {
        String method = o.has(key) && o.get(key).isJsonArray() ? "batch" : "single";
        metrics.count("te_request_count", "method", method);
        Requests.Texts texts = Requests.texts(o, key, config.maxClientBatchSize());
        Timing.of(ctx).characters = texts.characters();
        return texts;
    }

    private static String method(Requests.Texts texts) {
        return texts.single() ? "single" : "batch";
    }

    static JsonArray vector(float[] v) {
        JsonArray a = new JsonArray(v.length);
        for (float x : v) {
            a.add(x);
        }
        return a;
    }

    private static JsonArray predictions(float[] scores, List<String> labels) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < scores.length; c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingDouble((Integer c) -> scores[c]).reversed());
        JsonArray out = new JsonArray();
        for (int c : order) {
            JsonObject p = new JsonObject();
            p.addProperty("score", scores[c]);
            p.addProperty("label", labels.get(c));
            out.add(p);
        }
        return out;
    }
}
