package dev.tune4j.data;

import dev.tune4j.Tune4jException;
import java.nio.file.Path;
import java.util.Locale;

/** File formats the {@link DataReader} understands; normally chosen by extension, else by --format. */
public enum DataFormat {
    CSV,
    TSV,
    /** JSON Lines: one object per line ({@code .jsonl} or {@code .ndjson}). */
    JSONL,
    /** One JSON array of objects. */
    JSON,
    /** One document per line, no labels; only for {@link DataReader#readTexts}. */
    TEXT;

    public static DataFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "csv" -> CSV;
            case "tsv", "tab" -> TSV;
            case "jsonl", "ndjson" -> JSONL;
            case "json" -> JSON;
            case "txt", "text" -> TEXT;
            default -> throw new Tune4jException(file + ": cannot tell the format from the name; use .csv, "
                    + ".tsv, .jsonl, .ndjson, .json or .txt, or pass --format");
        };
    }
}
