package dev.tune4j;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;

/** JSON read from files that users and other tools supply. */
public final class JsonFiles {

    private JsonFiles() {}

    /**
     * {@code parsed} as an object, else a one-line error naming {@code file}. Not Gson's
     * {@code getAsJsonObject()}: its error message prints the whole value, and printing a value nested
     * 100,000 deep overflows the stack.
     */
    public static JsonObject asObject(Path file, JsonElement parsed) {
        if (parsed == null || !parsed.isJsonObject()) {
            String found = parsed == null || parsed.isJsonNull() ? "nothing" : parsed.isJsonArray() ? "an array"
                    : "a single value";
            throw new Tune4jException(file + ": not a JSON object (found " + found + ")");
        }
        return parsed.getAsJsonObject();
    }
}
