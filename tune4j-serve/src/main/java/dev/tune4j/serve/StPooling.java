package dev.tune4j.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import dev.tune4j.infer.Pooling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pooling a model directory asks for, as TEI reads it: sentence-transformers' {@code modules.json} names a
 * Pooling module whose {@code config.json} sets {@code pooling_mode_cls_token} or {@code
 * pooling_mode_mean_tokens}; without one, [CLS] (what BERT's classification heads read, and tune4j embed's
 * default).
 */
final class StPooling {

    private StPooling() {}

    static Pooling of(Path dir) {
        Path modules = dir.resolve("modules.json");
        if (!Files.isRegularFile(modules)) {
            return Pooling.CLS;
        }
        for (JsonElement e : read(modules).getAsJsonArray()) {
            JsonObject module = e.getAsJsonObject();
            if (module.has("type") && module.get("type").getAsString().endsWith("Pooling")) {
                Path config = dir.resolve(module.get("path").getAsString()).resolve("config.json");
                return fromConfig(read(config).getAsJsonObject(), config);
            }
        }
        return Pooling.CLS;
    }

    private static Pooling fromConfig(JsonObject o, Path file) {
        if (flag(o, "pooling_mode_cls_token")) {
            return Pooling.CLS;
        }
        if (flag(o, "pooling_mode_mean_tokens")) {
            return Pooling.MEAN;
        }
        throw new Tune4jException(file + ": only cls and mean pooling are supported; this Pooling config sets neither");
    }

    private static boolean flag(JsonObject o, String key) {
        return o.has(key) && o.get(key).getAsBoolean();
    }

    private static JsonElement read(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new Tune4jException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

}
