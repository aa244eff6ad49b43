package dev.tune4j.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Gson;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Request bodies: read within the payload limit, parsed as JSON, fields checked with TEI's messages. */
final class Requests {

    /** The texts of a request and whether it sent one string (answered unnested where TEI does) or a list. */
    record Texts(List<String> texts, boolean single) {

        long characters() {
            return texts.stream().mapToLong(String::length).sum();
        }
    }

    private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);

    private Requests() {}

    /** The body as a JSON object; 413 past {@code limit} bytes, 422 for anything but a JSON object. */
    static JsonObject object(Context ctx, int limit) {
        String length = ctx.header("Content-Length");
        if (length != null && parseLong(length) > limit) {
            throw tooLarge(limit);
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw ApiError.validation("cannot read the request body: " + e.getMessage());
        }
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        try {
            JsonElement json = strict(new String(body, StandardCharsets.UTF_8));
            if (!json.isJsonObject()) {
                throw ApiError.validation("Failed to deserialize the JSON body: expected an object, got "
                        + (json.isJsonNull() ? "nothing" : json.toString().substring(0, Math.min(40, json.toString().length()))));
            }
            return json.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw ApiError.validation("Failed to parse the request body as JSON: " + oneLine(e.getMessage()));
        }
    }

    /** One JSON value and nothing after it; Gson's default parser would accept unquoted names and trailing text. */
    private static JsonElement strict(String text) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        JsonElement json = ELEMENT.read(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonParseException("unexpected data after the JSON value at " + reader.getPath());
        }
        return json;
    }

    /** {@code key} as one string or a list of strings; 422 when absent or of another type, 400 when empty. */
    static Texts texts(JsonObject o, String key, int maxClientBatchSize) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw ApiError.validation("Failed to deserialize the JSON body into the target type: missing field `" + key + "`");
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return new Texts(List.of(e.getAsString()), true);
        }
        if (!e.isJsonArray()) {
            throw ApiError.validation("`" + key + "` must be a string or a list of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonElement item : e.getAsJsonArray()) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw ApiError.validation("`" + key + "` must be a string or a list of strings; item " + texts.size()
                        + " is " + (item.isJsonArray() ? "a list (token ids and text pairs are not supported)" : item));
            }
            texts.add(item.getAsString());
        }
        if (texts.isEmpty()) {
            throw new ApiError(ErrorType.Empty, "`" + key + "` cannot be empty", "validation");
        }
        if (texts.size() > maxClientBatchSize) {
            throw new ApiError(ErrorType.Validation, "batch size " + texts.size() + " > maximum allowed batch size "
                    + maxClientBatchSize, "batch_size");
        }
        return new Texts(texts, false);
    }

    static boolean bool(JsonObject o, String key, boolean absent) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return absent;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw ApiError.validation("`" + key + "` must be true or false, got " + e);
        }
        return e.getAsBoolean();
    }

    /**
     * {@code dimensions} as OpenAI and TEI take it: keep the first this many of a vector's {@code size} values (a
     * Matryoshka model's shorter embedding); {@code size} when absent, 422 outside 1..size.
     */
    static int dimensions(JsonObject o, int size) {
        JsonElement e = o.get("dimensions");
        if (e == null || e.isJsonNull()) {
            return size;
        }
        double d = e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : 0;
        if (d != Math.rint(d) || d < 1 || d > size) {
            throw ApiError.validation("`dimensions` must be an integer from 1 to " + size
                    + " (the model's embedding size), got " + e);
        }
        return (int) d;
    }

    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
    }

    private static ApiError tooLarge(int limit) {
        return new ApiError(ErrorType.Validation, 413, "request body is larger than the payload limit of " + limit
                + " bytes (--payload-limit)", "payload_limit");
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Gson's message on one line, without its advice to the Java caller (lenient parsing, a troubleshooting link). */
    private static String oneLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        return s.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON")
                .replaceAll("\\s*See https://\\S+", "").replaceAll("\\s+", " ").strip();
    }
}
