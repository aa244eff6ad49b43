package dev.tune4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by a delimiter, optionally in double quotes, {@code ""} for a
 * quote inside quotes, line breaks (LF, CRLF or CR) allowed inside quotes. A quote inside an unquoted
 * field is kept literally, as spreadsheets and Python's csv module do. Empty lines are skipped; the
 * first record is the header.
 */
final class CsvRows {

    private final String file;
    private final String text;
    private final char delimiter;
    private int pos;
    private int line = 1;
    /** The line where the record last returned by {@link #next} started. */
    private int recordLine;

    private CsvRows(String file, String text, char delimiter) {
        this.file = file;
        this.text = text;
        this.delimiter = delimiter;
    }

    /** Sends the cells of {@code columns} from every record after the header to {@code sink}. */
    static void read(String file, String text, char delimiter, List<Column> columns, RowSink sink) {
        CsvRows rows = new CsvRows(file, text, delimiter);
        List<String> header = rows.next().stream().map(String::strip).toList();
        Where headerAt = new Where(file, rows.recordLine);
        int[] indices = columnIndices(header, columns, headerAt);
        boolean any = false;
        while (rows.hasNext()) {
            List<String> fields = rows.next();
            Where at = new Where(file, rows.recordLine);
            if (fields.size() != header.size()) {
                throw at.error("row has " + fields.size() + " fields but the header has " + header.size()
                        + " (" + String.join(", ", header) + ")");
            }
            List<JsonElement> cells = new ArrayList<>(indices.length);
            for (int index : indices) {
                cells.add(new JsonPrimitive(fields.get(index)));
            }
            sink.accept(at, cells);
            any = true;
        }
        if (!any) {
            throw headerAt.error("no data rows after the header");
        }
    }

    private static int[] columnIndices(List<String> header, List<Column> columns, Where at) {
        int[] indices = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            indices[c] = header.indexOf(column.name());
            if (indices[c] < 0) {
                throw at.error("no column '" + column.name() + "'; columns are: " + String.join(", ", header)
                        + " — use " + column.option());
            }
            if (header.lastIndexOf(column.name()) != indices[c]) {
                throw at.error("column '" + column.name() + "' appears more than once in the header");
            }
        }
        return indices;
    }

    private Where where() {
        return new Where(file, line);
    }

    private boolean hasNext() {
        skipEmptyLines();
        return pos < text.length();
    }

    private List<String> next() {
        skipEmptyLines();
        recordLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(pos < text.length() && text.charAt(pos) == '"' ? quotedField() : plainField());
            if (pos < text.length() && text.charAt(pos) == delimiter) {
                pos++;
            } else {
                skipLineBreak();
                return fields;
            }
        }
    }

    private String plainField() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == delimiter || c == '\n' || c == '\r') {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quotedField() {
        Where start = where();
        pos++;
        StringBuilder field = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw start.error("quoted field is never closed (a stray \" starts here)");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                    field.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                requireFieldEnd();
                return field.toString();
            }
            if (isLineBreak(pos)) {
                line++;
            }
            field.append(c);
            pos++;
        }
    }

    private void requireFieldEnd() {
        if (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != delimiter && c != '\n' && c != '\r') {
                throw where().error("unexpected '" + c + "' after a closing quote; inside a quoted field "
                        + "write a quote as \"\"");
            }
        }
    }

    private void skipEmptyLines() {
        while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
            skipLineBreak();
        }
    }

    private void skipLineBreak() {
        if (pos >= text.length()) {
            return;
        }
        if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
    }

    /** A line ends at LF, or at a CR not followed by LF (old Mac files); CRLF counts once, at its LF. */
    private boolean isLineBreak(int i) {
        char c = text.charAt(i);
        return c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
    }
}
