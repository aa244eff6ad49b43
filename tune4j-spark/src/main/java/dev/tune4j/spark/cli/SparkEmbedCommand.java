package dev.tune4j.spark.cli;

import dev.tune4j.spark.Tune4jEmbedder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "One vector per row of a table on Spark; the output keeps every input column and adds embedding.")
final class SparkEmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME|DIR",
            description = "A model directory every executor can read (a catalogue name resolves to this machine's cache).")
    String model;

    @Mixin
    TableOptions table;

    @Mixin
    SparkOptions spark;

    @Option(names = "--pooling", defaultValue = "auto", description = "auto (the model's sentence-transformers pooling "
            + "and Normalize, else cls), cls, mean or pooler (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--normalize", description = "Scale each vector to unit L2 norm.")
    boolean normalize;

    @Option(names = "--batch-size", defaultValue = "16", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-length", defaultValue = "0", description = "Tokens kept per text; 0: the model's limit (default).")
    int maxLength;

    @Option(names = "--dtype", defaultValue = "fp32", paramLabel = "fp32|bf16|auto", description = "Encoder compute (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Override
    public Integer call() {
        Tune4jEmbedder embedder = new Tune4jEmbedder().setModelPath(model).setInputCol(table.textColumn)
                .setPooling(pooling.toLowerCase(Locale.ROOT)).setNormalize(normalize).setBatchSize(batchSize)
                .setMaxLength(maxLength).setDtype(dtype.toLowerCase(Locale.ROOT));
        return ScoreJob.run(spark, table.input, table.output, embedder, List.of(embedder.getOrDefault(embedder.outputCol())),
                "embed", spec.commandLine().getOut());
    }
}
