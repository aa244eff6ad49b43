package dev.tune4j.cli;

import dev.tune4j.Tune4jException;
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

    // An initial value rather than defaultValue: PromptCommand builds a DataMixin without picocli.
    @Option(names = "--label-separator",
            description = "Separates the labels of a multi-label example in a text cell; JSON arrays need none (default: ${DEFAULT-VALUE}).")
    String labelSeparator = "|";

    @Option(names = "--strip-html", description = "Turn <br /> and other tags into spaces (always on for imdb).")
    boolean stripHtml;

    @Option(names = "--limit", paramLabel = "N", description = "Use a stratified, seeded sample of N examples.")
    Integer limit;

    boolean isImdb() {
        return data.equalsIgnoreCase(Imdb.SOURCE);
    }

    Dataset load(LabelMap known) {
        return load(known, false);
    }

    /** The data, with several labels per example if {@code multiLabel}; {@code known} fixes the label ids. */
    Dataset load(LabelMap known, boolean multiLabel) {
        if (isImdb()) {
            if (multiLabel) {
                throw new Tune4jException("imdb has one label per review, so it cannot train or evaluate a multi-label "
                        + "model; give --data a file");
            }
            return Imdb.load(line -> System.err.println("tune4j: " + line));
        }
        return DataReader.read(Path.of(data), new DataOptions(textColumn, labelColumn, stripHtml, multiLabel,
                labelSeparator, known));
    }

    Dataset limited(Dataset all, long seed) {
        return limit == null ? all : Splits.stratifiedSample(all, limit, seed);
    }
}
