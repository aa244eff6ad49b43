package dev.tune4j.spark.cli;

import dev.tune4j.Classifier;
import dev.tune4j.Tune4jException;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.cli.ProgressBar;
import dev.tune4j.cli.RunReport;
import dev.tune4j.cli.TruncationConverter;
import dev.tune4j.data.DataOptions;
import dev.tune4j.data.DataReader;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Imdb;
import dev.tune4j.data.Splits;
import dev.tune4j.engine.Precision;
import dev.tune4j.infer.Pooling;
import dev.tune4j.spark.SparkFeatureExtraction;
import dev.tune4j.tokenize.Truncation;
import dev.tune4j.train.Metric;
import dev.tune4j.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Feature-extraction training with the frozen backbone's pass on Spark: features computed on the "
                + "executors (optionally kept in Parquet, --features), the head trained here with the same trainer, "
                + "split and seed as ./tune4j train; writes the same run directory (model/, metrics.json, report.html)."})
final class SparkTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE|imdb",
            description = "CSV, TSV, JSONL or JSON file with text and label columns, or the built-in data set 'imdb'.")
    String data;

    @Option(names = "--method", defaultValue = "feature-extraction",
            description = "feature-extraction, the only method whose expensive part (the frozen backbone) runs on Spark.")
    String method;

    @Option(names = {"-m", "--model"}, defaultValue = "bert-base-uncased",
            description = "Pretrained model: catalogue name or a directory every executor can read (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--out", description = "Run directory (default: runs/spark-feature-extraction-<data>).")
    Path out;

    @Option(names = "--features", paramLabel = "DIR",
            description = "Keep the features as Parquet under DIR (any Hadoop path), one store per model, pooling, truncation, "
                    + "length and precision, keyed by the text's SHA-256; later runs compute only texts not yet there.")
    String features;

    @Mixin
    SparkOptions spark;

    @Option(names = "--text-column", defaultValue = "text") String textColumn;
    @Option(names = "--label-column", defaultValue = "label") String labelColumn;
    @Option(names = "--strip-html", description = "Turn <br /> and other tags into spaces (always on for imdb).") boolean stripHtml;
    @Option(names = "--limit", paramLabel = "N", description = "Use a stratified, seeded sample of N examples.") Integer limit;
    @Option(names = "--epochs") Integer epochs;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--lr") Float lr;
    @Option(names = "--weight-decay") Float weightDecay;
    @Option(names = "--max-length") Integer maxLength;
    @Option(names = "--truncation", converter = TruncationConverter.class, description = "head, tail or head+tail (default: head+tail).") Truncation truncation;
    @Option(names = "--head", description = "mlp or linear.") HeadConfig.Kind head;
    @Option(names = "--pooling", description = "cls, mean or pooler.") Pooling pooling;
    @Option(names = "--seed") Long seed;
    @Option(names = "--val-fraction") Float valFraction;
    @Option(names = "--metric", description = "Best epoch by val-loss, accuracy or macro-f1.") String metric;
    @Option(names = "--patience") Integer patience;
    @Option(names = "--class-weights", description = "'auto': inverse class frequency.") String classWeights;
    @Option(names = "--dtype", paramLabel = "fp32|bf16|auto", description = "The features' precision (default: auto).") Precision dtype;

    @Override
    public Integer call() throws Exception {
        if (!method.equalsIgnoreCase("feature-extraction")) {
            throw new Tune4jException("spark train runs --method feature-extraction (the frozen backbone's pass is what "
                    + "Spark spreads); train " + method + " with ./tune4j train");
        }
        TrainConfig config = config();
        Path dir = out != null ? out : Path.of("runs", "spark-feature-extraction-" + safeName(data));
        if (Files.isDirectory(dir.resolve("model"))) {
            throw new Tune4jException(dir + " already holds a trained model; choose another --out or delete it");
        }
        Dataset all = data.equalsIgnoreCase(Imdb.SOURCE) ? Imdb.load(line -> System.err.println("tune4j: " + line))
                : DataReader.read(Path.of(data), new DataOptions(textColumn, labelColumn, stripHtml, false, "|", null));
        Dataset used = limit == null ? all : Splits.stratifiedSample(all, limit, config.seed());
        ProgressBar progress = new ProgressBar(System.err);
        SparkSession session = spark.start();
        Classifier.Run run;
        try {
            run = SparkFeatureExtraction.train(session, config, used, dir, progress, features);
        } finally {
            spark.stop(session);
        }
        try (Classifier classifier = run.classifier()) {
            Path report = RunReport.write(run);
            spec.commandLine().getOut().println(RunReport.summary(run, report));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    TrainConfig config() {
        TrainConfig.Builder b = TrainConfig.builder(new FeatureExtraction()).model(model);
        if (epochs != null) b.epochs(epochs);
        if (batchSize != null) b.batchSize(batchSize);
        if (lr != null) b.learningRate(lr);
        if (weightDecay != null) b.weightDecay(weightDecay);
        if (maxLength != null) b.maxLength(maxLength);
        if (truncation != null) b.truncation(truncation);
        if (head != null) b.headKind(head);
        if (pooling != null) b.pooling(pooling);
        if (seed != null) b.seed(seed);
        if (valFraction != null) b.valFraction(valFraction);
        if (patience != null) b.patience(patience);
        if (metric != null) b.metric(Metric.valueOf(metric.toUpperCase(Locale.ROOT).replace('-', '_')));
        if (classWeights != null) b.classWeights(classWeights.equalsIgnoreCase("auto"));
        if (dtype != null) b.dtype(dtype);
        // Spark's features replace the local on-disk cache (see --features).
        return b.cacheFeatures(false).build();
    }

    static String safeName(String data) {
        String name = Path.of(data).getFileName().toString().replaceAll("\\.[A-Za-z0-9]+$", "");
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
