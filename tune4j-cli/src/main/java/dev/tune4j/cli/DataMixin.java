package dev.tune4j.cli;

import dev.tune4j.data.DataOptions;
import dev.tune4j.data.DataReader;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Imdb;
import dev.tune4j.data.LabelMap;
import dev.tune4j.data.Splits;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data FILE|imdb} and how to read it. */
final class DataMixin {

    @Option(names = "--data", required = true, paramLabel = "FILE|imdb",
            description = "CSV, TSV, JSONL or JSON file with text and label columns, or the built-in data set 'imdb'.")
    String data;

    @Option(names = "--text-column", defaultValue = "text", description = "Column with the text (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", description = "Column with the label (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--strip-html", description = "Turn <br /> and other tags into spaces (always on for imdb).")
    boolean stripHtml;

    @Option(names = "--limit", paramLabel = "N", description = "Use a stratified, seeded sample of N examples.")
    Integer limit;

    boolean isImdb() {
        return data.equalsIgnoreCase(Imdb.SOURCE);
    }

    Dataset load(LabelMap known) {
        Dataset all;
        if (isImdb()) {
            all = Imdb.load(line -> System.err.println("tune4j: " + line));
        } else {
            DataOptions options = new DataOptions(textColumn, labelColumn, stripHtml, false, "|", known);
            all = DataReader.read(Path.of(data), options);
        }
        return all;
    }

    Dataset limited(Dataset all, long seed) {
        return limit == null ? all : Splits.stratifiedSample(all, limit, seed);
    }
}
