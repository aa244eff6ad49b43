package dev.tune4j.spark.cli;

import picocli.CommandLine.Option;

/** The table a scoring command reads and the one it writes: every input column, plus the model's outputs. */
final class TableOptions {

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Table to read: .parquet, .csv (with a header) or .jsonl.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write: .parquet, .csv or .jsonl.")
    String output;

    @Option(names = "--text-column", defaultValue = "text", description = "Column with the text (default: ${DEFAULT-VALUE}).")
    String textColumn;
}
