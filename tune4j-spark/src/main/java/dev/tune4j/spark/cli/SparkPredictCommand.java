package dev.tune4j.spark.cli;

import dev.tune4j.spark.Tune4jClassifier;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Label every row of a table with a trained model on Spark.",
                "The output keeps every input column and adds prediction (the label) and probability (one per label, "
                        + "in the model's label order); a multi-label model adds labels."})
final class SparkPredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "A trained model directory (runs/NAME/model) that every executor can read.")
    String model;

    @Mixin
    TableOptions table;

    @Mixin
    SparkOptions spark;

    @Option(names = "--batch-size", defaultValue = "32", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-length", defaultValue = "0", description = "Tokens kept per text; 0: the model's own (default).")
    int maxLength;

    @Option(names = "--dtype", defaultValue = "fp32", paramLabel = "fp32|bf16|auto",
            description = "Encoder compute (default: ${DEFAULT-VALUE}); bf16 on AVX512-BF16/AMX CPUs.")
    String dtype;

    @Option(names = "--threshold", defaultValue = "0.5",
            description = "Multi-label models: predict every label with at least this probability (default: ${DEFAULT-VALUE}).")
    float threshold;

    @Override
    public Integer call() {
        Tune4jClassifier classifier = new Tune4jClassifier().setModelPath(model).setInputCol(table.textColumn)
                .setBatchSize(batchSize).setMaxLength(maxLength).setDtype(dtype.toLowerCase(Locale.ROOT)).setThreshold(threshold);
        return ScoreJob.run(spark, table.input, table.output, classifier, List.of(classifier.getOrDefault(classifier.probabilityCol())),
                "predict", spec.commandLine().getOut());
    }
}
