package dev.tune4j.data;

import com.google.gson.JsonElement;

/** The text of an example: a string (or a number, taken as written), never empty. */
final class TextCell {

    /**
     * The longest text tune4j takes, in characters (about 200,000 words): a BERT model reads at most 512
     * tokens of it, and a longer "text" is almost always a wrong column or an unsplit document.
     */
    static final int MAX_CHARS = 1_000_000;

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
        if (text.length() > MAX_CHARS) {
            throw at.error(String.format("a text of %,d characters in '%s' is over the limit of %,d; split it into "
                    + "several examples", text.length(), options.textColumn(), MAX_CHARS));
        }
        if (options.stripHtml()) {
            text = Html.strip(text);
        }
        if (text.isBlank()) {
            throw at.error("empty text in column '" + options.textColumn() + "'");
        }
        return text;
    }
}
