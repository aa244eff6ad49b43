package dev.tune4j.infer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.AtomicFiles;
import dev.tune4j.JsonFiles;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a model directory turns token states into one sentence vector, as sentence-transformers records it:
 * {@code modules.json} lists a Transformer, a Pooling module ({@code 1_Pooling/config.json}: cls, mean or max)
 * and optionally a Normalize module (unit L2 norm); {@code sentence_bert_config.json} sets the length cut.
 *
 * @param maxLength the most tokens a text keeps, [CLS] and [SEP] included; 0 for the model's position limit
 */
public record SentencePooling(Pooling pooling, boolean normalize, int maxLength) {

    /** A directory without {@code modules.json}: [CLS], as BERT's classification heads read it. */
    public static final SentencePooling PLAIN = new SentencePooling(Pooling.CLS, false, 0);

    private static final String MODULES = "modules.json";
    private static final String ST = "sentence_transformers.models.";
    private static final Map<String, Pooling> MODES = Map.of("pooling_mode_cls_token", Pooling.CLS,
            "pooling_mode_mean_tokens", Pooling.MEAN, "pooling_mode_max_tokens", Pooling.MAX);
    private static final List<String> UNSUPPORTED = List.of("pooling_mode_mean_sqrt_len_tokens",
            "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public SentencePooling {
        if (pooling == null || pooling == Pooling.POOLER) {
            throw new IllegalArgumentException("sentence pooling is cls, mean or max, not " + pooling);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("max length must be >= 0 (0: the model's limit), got " + maxLength);
        }
    }

    /** What {@code dir}'s sentence-transformers files say, else {@link #PLAIN}. */
    public static SentencePooling of(Path dir) {
        Path modules = dir.resolve(MODULES);
        if (!Files.isRegularFile(modules)) {
            return PLAIN;
        }
        JsonElement parsed = parse(modules);
        if (!parsed.isJsonArray()) {
            throw new Tune4jException(modules + ": not a JSON array of modules");
        }
        Pooling pooling = null;
        boolean normalize = false;
        for (JsonElement e : parsed.getAsJsonArray()) {
            JsonObject module = JsonFiles.asObject(modules, e);
            String type = string(module, "type", modules);
            switch (type.startsWith(ST) ? type.substring(ST.length()) : type) {
                case "Transformer" -> { }
                case "Pooling" -> pooling = poolingOf(inside(dir, string(module, "path", modules), modules).resolve("config.json"));
                case "Normalize" -> normalize = true;
                default -> throw new Tune4jException(modules + ": module " + type + " changes the embedding, and tune4j "
                        + "applies only Transformer, Pooling and Normalize");
            }
        }
        if (pooling == null) {
            throw new Tune4jException(modules + ": lists no sentence_transformers.models.Pooling module");
        }
        return new SentencePooling(pooling, normalize, maxSeqLength(dir.resolve("sentence_bert_config.json")));
    }

    /** A module's folder, which must lie inside the model directory: a file from strangers names it. */
    private static Path inside(Path dir, String path, Path modules) {
        Path base = dir.toAbsolutePath().normalize();
        Path resolved;
        try {
            resolved = base.resolve(path).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new Tune4jException(modules + ": module path '" + path + "' is not a path");
        }
        if (!resolved.startsWith(base)) {
            throw new Tune4jException(modules + ": module path '" + path + "' leads outside the model directory");
        }
        return resolved;
    }

    private static Pooling poolingOf(Path config) {
        JsonObject o = JsonFiles.asObject(config, parse(config));
        for (String mode : UNSUPPORTED) {
            if (flag(o, mode, config)) {
                throw new Tune4jException(config + ": " + mode + " is not supported; tune4j pools cls, mean or max");
            }
        }
        List<String> set = new ArrayList<>();
        Pooling pooling = null;
        for (Map.Entry<String, Pooling> mode : MODES.entrySet()) {
            if (flag(o, mode.getKey(), config)) {
                set.add(mode.getKey());
                pooling = mode.getValue();
            }
        }
        if (set.size() != 1) {
            throw new Tune4jException(config + ": sets " + (set.isEmpty() ? "no pooling mode" : "several pooling modes "
                    + set.stream().sorted().toList() + ", whose concatenation tune4j does not compute")
                    + "; expected exactly one of " + MODES.keySet().stream().sorted().toList());
        }
        return pooling;
    }

    private static int maxSeqLength(Path file) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        JsonObject o = JsonFiles.asObject(file, parse(file));
        if (!o.has("max_seq_length") || o.get("max_seq_length").isJsonNull()) {
            return 0;
        }
        try {
            int n = o.get("max_seq_length").getAsInt();
            if (n < 2) {
                throw new Tune4jException(file + ": max_seq_length " + n + " leaves no room for a token between [CLS] and [SEP]");
            }
            return n;
        } catch (RuntimeException e) {
            if (e instanceof Tune4jException t) {
                throw t;
            }
            throw new Tune4jException(file + ": max_seq_length is not a whole number");
        }
    }

    /**
     * Writes the sentence-transformers files that {@link #of} reads back: {@code modules.json},
     * {@code 1_Pooling/config.json}, an empty {@code 2_Normalize/} when normalizing, {@code sentence_bert_config.json}.
     */
    public void write(Path dir, int dimension) throws IOException {
        JsonArray modules = new JsonArray();
        modules.add(module(0, "", "Transformer"));
        modules.add(module(1, "1_Pooling", "Pooling"));
        if (normalize) {
            modules.add(module(2, "2_Normalize", "Normalize"));
            Files.createDirectories(dir.resolve("2_Normalize"));
        }
        AtomicFiles.writeString(dir.resolve(MODULES), GSON.toJson(modules) + "\n");
        JsonObject config = new JsonObject();
        config.addProperty("word_embedding_dimension", dimension);
        MODES.keySet().stream().sorted().forEach(mode -> config.addProperty(mode, MODES.get(mode) == pooling));
        UNSUPPORTED.forEach(mode -> config.addProperty(mode, false));
        Files.createDirectories(dir.resolve("1_Pooling"));
        AtomicFiles.writeString(dir.resolve("1_Pooling/config.json"), GSON.toJson(config) + "\n");
        if (maxLength > 0) {
            JsonObject st = new JsonObject();
            st.addProperty("max_seq_length", maxLength);
            st.addProperty("do_lower_case", false);
            AtomicFiles.writeString(dir.resolve("sentence_bert_config.json"), GSON.toJson(st) + "\n");
        }
    }

    private static JsonObject module(int idx, String path, String type) {
        JsonObject m = new JsonObject();
        m.addProperty("idx", idx);
        m.addProperty("name", String.valueOf(idx));
        m.addProperty("path", path);
        m.addProperty("type", ST + type);
        return m;
    }

    private static boolean flag(JsonObject o, String key, Path file) {
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return false;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
            throw new Tune4jException(file + ": " + key + " must be true or false");
        }
        return v.getAsBoolean();
    }

    private static String string(JsonObject o, String key, Path file) {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new Tune4jException(file + ": a module without a string '" + key + "'");
        }
        return v.getAsString();
    }

    private static JsonElement parse(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new Tune4jException(file + ": cannot read as JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
