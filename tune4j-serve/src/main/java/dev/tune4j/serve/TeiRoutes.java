package dev.tune4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.tune4j.tokenize.BertTokenizer;
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

    /**
     * {@code {"inputs", "normalize": true, "truncate", "dimensions"}} → {@code [[floats]]}, one row per input; with
     * {@code dimensions} each row keeps its first that many values, normalized after the cut as TEI does.
     */
    void embed(Context ctx, ServedModel model) {
        JsonObject o = Requests.object(ctx, config.payloadLimit());
        Requests.Texts texts = texts(ctx, o, "inputs");
        if (model.classifier()) {
            throw new ApiError(ErrorType.Backend, "Model '" + model.name() + "' is a classifier: use /predict", "model_type");
        }
        boolean normalize = Requests.bool(o, "normalize", true);
        boolean truncate = Requests.bool(o, "truncate", config.autoTruncate());
        int dimensions = Requests.dimensions(o, model.backend().width());
        Timing timing = Timing.of(ctx);
        replies.whenDone(ctx, inference.submit(model, texts.texts(), truncate, false, timing, Client.of(ctx)), method(texts), rows -> {
            JsonArray out = new JsonArray();
            for (float[] row : rows) {
                float[] kept = Vectors.first(row, dimensions);
                out.add(vector(normalize ? Vectors.normalized(kept) : kept));
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
        Timing timing = Timing.of(ctx);
        replies.whenDone(ctx, inference.submit(model, texts.texts(), truncate, raw, timing, Client.of(ctx)), method(texts), rows -> {
            JsonArray out = new JsonArray();
            for (float[] row : rows) {
                out.add(predictions(row, labels));
            }
            return texts.single() ? out.get(0) : out;
        });
    }

    /**
     * {@code {"inputs", "add_special_tokens": true}} → {@code [[{"id","text","special","start","stop"}]]} as TEI
     * answers: a special token's text is the token and its offsets are null; any other token's text is the part of
     * the input it covers, {@code start} and {@code stop} its UTF-8 byte offsets (TEI indexes Rust strings).
     */
    void tokenize(Context ctx, ServedModel model) {
        JsonObject o = Requests.object(ctx, config.payloadLimit());
        Requests.Texts texts = texts(ctx, o, "inputs");
        boolean specials = Requests.bool(o, "add_special_tokens", true);
        BertTokenizer tokenizer = model.backend().tokenizer();
        JsonArray out = new JsonArray();
        for (String text : texts.texts()) {
            List<BertTokenizer.PieceSpan> pieces;
            try {
                pieces = tokenizer.pieceSpans(text);
            } catch (RuntimeException e) {
                throw new ApiError(ErrorType.Tokenizer, "tokenizer error " + e.getMessage(), "tokenization");
            }
            JsonArray tokens = new JsonArray();
            if (specials) {
                tokens.add(special(tokenizer, tokenizer.clsId()));
            }
            int[] bytes = utf8Offsets(text);
            for (BertTokenizer.PieceSpan p : pieces) {
                JsonObject t = new JsonObject();
                t.addProperty("id", p.id());
                boolean located = p.start() >= 0;
                t.addProperty("text", located ? text.substring(p.start(), p.end()) : tokenizer.token(p.id()));
                t.addProperty("special", false);
                t.addProperty("start", located ? bytes[p.start()] : null);
                t.addProperty("stop", located ? bytes[p.end()] : null);
                tokens.add(t);
            }
            if (specials) {
                tokens.add(special(tokenizer, tokenizer.sepId()));
            }
            out.add(tokens);
            Timing.of(ctx).tokens += tokens.size();
        }
        replies.json(ctx, 200, out);
    }

    private static JsonObject special(BertTokenizer tokenizer, long id) {
        JsonObject t = new JsonObject();
        t.addProperty("id", id);
        t.addProperty("text", tokenizer.token(id));
        t.addProperty("special", true);
        t.add("start", JsonNull.INSTANCE);
        t.add("stop", JsonNull.INSTANCE);
        return t;
    }

    /** The UTF-8 byte offset of every UTF-16 index of {@code text}, its length included. */
    static int[] utf8Offsets(String text) {
        int[] offsets = new int[text.length() + 1];
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int units = Character.charCount(cp);
            for (int u = 0; u < units; u++) {
                offsets[i + u] = bytes;
            }
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += units;
        }
        offsets[text.length()] = bytes;
        return offsets;
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
