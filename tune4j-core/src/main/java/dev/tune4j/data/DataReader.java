package dev.tune4j.data;

import dev.tune4j.Tune4jException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled examples (or bare texts) from CSV, TSV, JSON Lines or a JSON array.
 *
 * <p>Input must be UTF-8 (a byte-order mark is skipped); CSV and TSV need a header row. Every problem
 * with the content is a {@link Tune4jException} whose message starts with {@code <file>:<line>: },
 * and a file with any bad row yields no data set at all rather than a silently shorter one.
 */
public final class DataReader {

    private DataReader() {}

    /** Reads {@code file} in the format its extension names. */
    public static Dataset read(Path file, DataOptions options) {
        return read(file, DataFormat.of(file), options);
    }

    public static Dataset read(Path file, DataFormat format, DataOptions options) {
        if (format == DataFormat.TEXT) {
            throw new Tune4jException(file + ": plain text has no labels; use .csv, .tsv, .jsonl or .json "
                    + "with '" + options.textColumn() + "' and '" + options.labelColumn() + "' columns");
        }
        ExampleCollector examples = new ExampleCollector(file.toString(), options);
        List<Column> columns = List.of(new Column(options.textColumn(), "--text-column"),
                new Column(options.labelColumn(), "--label-column"));
        rows(file, format, columns, examples);
        return examples.build();
    }

    /** Unlabelled texts (for masked-language-model pretraining) in the format the extension names. */
    public static List<String> readTexts(Path file, DataOptions options) {
        return readTexts(file, DataFormat.of(file), options);
    }

    /**
     * Unlabelled texts: for {@link DataFormat#TEXT} every non-blank line is one document; otherwise the
     * text column of each row, and the label column is not needed.
     */
    public static List<String> readTexts(Path file, DataFormat format, DataOptions options) {
        if (format == DataFormat.TEXT) {
            return lines(file, options);
        }
        List<String> texts = new ArrayList<>();
        List<Column> columns = List.of(new Column(options.textColumn(), "--text-column"));
        rows(file, format, columns, (at, cells) -> texts.add(TextCell.text(at, cells.get(0), options)));
        return texts;
    }

    private static void rows(Path file, DataFormat format, List<Column> columns, RowSink sink) {
        String text = SourceText.read(file);
        String name = file.toString();
        switch (format) {
            case CSV -> CsvRows.read(name, text, ',', columns, sink);
            case TSV -> CsvRows.read(name, text, '\t', columns, sink);
            case JSONL -> JsonRows.readLines(name, text, columns, sink);
            case JSON -> JsonRows.readArray(name, text, columns, sink);
            case TEXT -> throw new IllegalArgumentException("plain text has no columns");
        }
    }

    private static List<String> lines(Path file, DataOptions options) {
        List<String> texts = new ArrayList<>();
        for (String line : SourceText.read(file).split("\r\n|\n|\r")) {
            String text = options.stripHtml() ? Html.strip(line) : line;
            if (!text.isBlank()) {
                texts.add(text);
            }
        }
        return texts;
    }
}
