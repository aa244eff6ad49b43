package dev.tune4j.data;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Objects from JSON Lines (one per line, blank lines skipped) or from one JSON array. */
final class JsonRows {

    /**
     * Reads elements in the reader's own strictness. Not {@code JsonParser.parseReader}: it switches the
     * reader to lenient mode, which would accept unquoted keys and other things no JSON writer emits.
     */
    private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);

    /** Gson's only public clue to a position: "... at line 3 column 5 path $[1]" in messages and toString. */
    private static final Pattern LOCATION = Pattern.compile(" at line (\\d+) column (\\d+) path (\\S*)");

    private JsonRows() {}

    static void readLines(String file, String text, List<Column> columns, RowSink sink) {
        int lineNumber = 0;
        boolean any = false;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            Where at = new Where(file, lineNumber);
            JsonReader reader = new JsonReader(new StringReader(line));
            try {
                JsonElement element = ELEMENT.read(reader);
                // Lenient only to look past the value: strict mode would call any second value malformed.
                reader.setStrictness(Strictness.LENIENT);
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw at.error("more than one JSON value on the line; JSON Lines has one object per line");
                }
                sink.accept(at, cells(at, element, columns));
                any = true;
            } catch (IOException | JsonParseException | IllegalStateException e) {
                throw at.error("not valid JSON: " + describe(e), e);
            }
        }
        if (!any) {
            throw new Where(file, 1).error("empty file");
        }
    }

    static void readArray(String file, String text, List<Column> columns, RowSink sink) {
        JsonReader reader = new JsonReader(new StringReader(text));
        try {
            if (reader.peek() != JsonToken.BEGIN_ARRAY) {
                throw at(file, reader).error("expected a JSON array of objects, found " + reader.peek()
                        + "; for one object per line name the file .jsonl");
            }
            reader.beginArray();
            boolean any = false;
            while (reader.hasNext()) {
                Where at = at(file, reader);
                sink.accept(at, cells(at, ELEMENT.read(reader), columns));
                any = true;
            }
            reader.endArray();
            if (!any) {
                throw new Where(file, 1).error("the array is empty, there are no examples");
            }
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw at(file, reader).error("content after the closing ] of the array");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new Where(file, lineOf(e, reader)).error("not valid JSON: " + describe(e), e);
        }
    }

    private static List<JsonElement> cells(Where at, JsonElement element, List<Column> columns) {
        if (!element.isJsonObject()) {
            throw at.error("expected a JSON object, found " + JsonPreview.of(element));
        }
        JsonObject object = element.getAsJsonObject();
        List<JsonElement> cells = new ArrayList<>(columns.size());
        for (Column column : columns) {
            JsonElement cell = object.get(column.name());
            if (cell == null) {
                throw at.error("no key '" + column.name() + "'; keys are: " + String.join(", ", object.keySet())
                        + " — use " + column.option());
            }
            cells.add(cell);
        }
        return cells;
    }

    private static Where at(String file, JsonReader reader) throws IOException {
        reader.peek();
        Matcher m = LOCATION.matcher(reader.toString());
        return new Where(file, m.find() ? Integer.parseInt(m.group(1)) : 1);
    }

    private static int lineOf(Exception e, JsonReader reader) {
        Matcher m = LOCATION.matcher(String.valueOf(e.getMessage()));
        if (!m.find()) {
            m = LOCATION.matcher(reader.toString());
        }
        return m.find(0) ? Integer.parseInt(m.group(1)) : 1;
    }

    /**
     * Gson's message without its location (the prefix says it), its troubleshooting link, or its advice
     * to go lenient, which is for the programmer and would mislead the user.
     */
    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        message = message.replaceFirst("^Use JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\) to accept malformed JSON",
                "unquoted text, single quotes or a comment");
        Matcher m = LOCATION.matcher(message);
        return m.find() ? message.substring(0, m.start()) + " (column " + m.group(2) + ")" : message;
    }
}
