package dev.tune4j.data;

import com.google.gson.JsonElement;

/** The text of an example: a string (or a number, taken as written), never empty. */
final class TextCell {

    private TextCell() {}

    static String text(Where at, JsonElement cell, DataOptions options) {
        if (cell.isJsonNull()) {
            throw at.error("missing text ('" + options.textColumn() + "' is null)");
        }
        if (!cell.isJsonPrimitive()) {
            throw at.error("text in '" + options.textColumn() + "' must be a string, got a JSON "
                    + (cell.isJsonArray() ? "array" : "object"));
        }
        String text = cell.getAsString();
        if (options.stripHtml()) {
            text = Html.strip(text);
        }
        if (text.isBlank()) {
            throw at.error("empty text in column '" + options.textColumn() + "'");
        }
        return text;
    }
}
