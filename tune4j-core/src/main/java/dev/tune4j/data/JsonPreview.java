package dev.tune4j.data;

import com.google.gson.JsonElement;
import java.io.IOException;

/** A JSON value quoted in an error message: its first 60 characters, written only that far. */
final class JsonPreview {

    private JsonPreview() {}

    /**
     * The first 60 characters of {@code element} as JSON, written only that far: {@code toString()} of a
     * value nested 100,000 deep would overflow the stack.
     */
    static String of(JsonElement element) {
        StringBuilder out = new StringBuilder();
        java.io.Writer limited = new java.io.Writer() {
            @Override
            public void write(char[] chars, int off, int len) throws IOException {
                out.append(chars, off, Math.min(len, 61 - out.length()));
                if (out.length() > 60) {
                    throw new IOException("enough");
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        try {
            new com.google.gson.Gson().toJson(element, new com.google.gson.stream.JsonWriter(limited));
        } catch (com.google.gson.JsonIOException enough) {
            return out.substring(0, 57) + "...";
        }
        return out.toString();
    }
}
