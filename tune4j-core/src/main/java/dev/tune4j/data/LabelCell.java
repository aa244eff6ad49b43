package dev.tune4j.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a label cell into label names, the same way for every format: numbers are written without a
 * fraction when they are whole, so {@code 1}, {@code 1.0} and {@code "1.0"} (pandas writes integer
 * columns with gaps as floats) all become "1"; names are trimmed; a multi-label cell is a JSON array
 * or a string split on the separator.
 */
final class LabelCell {

    private static final Pattern WHOLE_DECIMAL = Pattern.compile("-?\\d+\\.0+");

    private LabelCell() {}

    static List<String> names(Where at, JsonElement cell, DataOptions options) {
        if (cell.isJsonNull()) {
            throw at.error("missing label ('" + options.labelColumn() + "' is null)");
        }
        if (cell.isJsonArray()) {
            if (!options.multiLabel()) {
                throw at.error("label is a list " + JsonPreview.of(cell) + "; pass --multi-label for several labels per example");
            }
            return fromArray(at, cell.getAsJsonArray());
        }
        if (!cell.isJsonPrimitive()) {
            throw at.error("label must be a string or a number, got " + JsonPreview.of(cell));
        }
        if (options.multiLabel()) {
            return split(at, normalise(cell.getAsJsonPrimitive()), options.labelSeparator());
        }
        String name = normalise(cell.getAsJsonPrimitive());
        if (name.isEmpty()) {
            throw at.error("empty label in column '" + options.labelColumn() + "'");
        }
        return List.of(name);
    }

    private static List<String> fromArray(Where at, JsonArray array) {
        if (array.isEmpty()) {
            throw at.error("empty label list []");
        }
        List<String> names = new ArrayList<>(array.size());
        for (JsonElement element : array) {
            String name = element.isJsonPrimitive() ? normalise(element.getAsJsonPrimitive()) : "";
            if (name.isEmpty()) {
                throw at.error("labels must be non-empty strings or numbers, got " + array);
            }
            names.add(name);
        }
        return names;
    }

    private static List<String> split(Where at, String cell, String separator) {
        List<String> names = new ArrayList<>();
        for (String piece : cell.split(Pattern.quote(separator), -1)) {
            String name = piece.strip();
            if (name.isEmpty()) {
                throw at.error("empty label in '" + cell + "' (labels are separated by '" + separator + "')");
            }
            names.add(name);
        }
        return names;
    }

    static String normalise(JsonPrimitive value) {
        if (value.isNumber()) {
            return wholeOrPlain(value.getAsBigDecimal());
        }
        String text = value.getAsString().strip();
        return WHOLE_DECIMAL.matcher(text).matches() ? wholeOrPlain(new BigDecimal(text)) : text;
    }

    private static String wholeOrPlain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
    }
}
