package dev.tune4j.cli;

import dev.tune4j.FileTrees;
import dev.tune4j.Classifier;
import dev.tune4j.Tune4jException;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Imdb;
import dev.tune4j.data.Splits;
import dev.tune4j.engine.Precision;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Pooling;
import dev.tune4j.infer.SentencePooling;
import dev.tune4j.train.TrainConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Train and test a sentiment classifier on IMDB reviews, end to end.",
                "Fetches the model (bert-base-uncased unless --model says otherwise) and the reviews, trains by feature extraction",
                "on a stratified sample, evaluates on reviews it never saw, writes the report and labels two examples. The",
                "backbone's 2,000 passes dominate: for bert-base-uncased about 3.5 minutes on one AVX512-BF16 core, 10 on two",
                "AVX2-only cores with the first downloads; all-minilm-l6-v2 takes about a quarter of that (README)."})
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, defaultValue = "bert-base-uncased", paramLabel = "NAME|DIR",
            description = "Catalogue name or Hugging Face directory (default: ${DEFAULT-VALUE}; all-minilm-l6-v2 is 5x "
                    + "smaller and pools as its sentence-transformers config says).")
    String model;

    @Option(names = "--limit", defaultValue = "1500", description = "Reviews to train and validate on (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--test", defaultValue = "500", description = "Unseen reviews to evaluate on (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--out", defaultValue = "runs/quickstart", description = "Run directory (default: ${DEFAULT-VALUE}); replaced if it exists.")
    Path out;

    @Option(names = "--dtype", defaultValue = "auto", paramLabel = "fp32|bf16|auto",
            description = "Encoder compute for the features and the test: fp32, bf16 (AVX512-BF16/AMX CPUs) or auto = bf16 "
                    + "where the CPU supports it (default: ${DEFAULT-VALUE}).")
    Precision dtype;

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        ProgressBar progress = new ProgressBar(System.err);
        // A sentence-transformers model was trained to be read through its own pooling (all-MiniLM-L6-v2: the mean).
        Pooling pooling = SentencePooling.of(ModelHub.resolve(model, progress::log)).pooling();
        TrainConfig config = TrainConfig.builder(new FeatureExtraction()).model(model).pooling(pooling).dtype(dtype).build();
        Dataset all = Imdb.load(progress::log);
        if (limit + test > all.size()) {
            throw new Tune4jException("--limit " + limit + " plus --test " + test + " exceed the " + all.size() + " IMDB reviews");
        }
        console.printf(Locale.ROOT, "Quickstart: %s of %s (%s pooling) on %,d of %,d IMDB reviews (stratified sample, "
                        + "seed %d), then %,d unseen reviews for the test.%n", config.technique().cliName(), model,
                pooling.name().toLowerCase(Locale.ROOT), limit, all.size(), config.seed(), test);
        console.println("The full data set: ./tune4j train --data imdb --method feature-extraction --out runs/imdb-full");
        if (Files.isDirectory(out)) {
            FileTrees.delete(out);
        }
        Dataset sample = Splits.stratifiedSample(all, limit, config.seed());
        Classifier.Run run = Classifier.train(config, sample, out, progress);
        try (Classifier classifier = run.classifier()) {
            // The test reads the encoder as training's features did: the same precision, resolved once already.
            classifier.model().runIn(run.result().precision(), line -> System.err.println("tune4j: " + line));
            Path report = RunReport.write(run);
            Dataset unseen = Splits.stratifiedSample(Splits.complement(all, sample), test, config.seed());
            progress.log("testing on " + unseen.size() + " unseen reviews");
            ClassificationMetrics metrics = classifier.evaluate(unseen, progress);
            console.println(RunReport.summary(run, report));
            console.printf(Locale.ROOT, "%nTest on %d unseen reviews: accuracy %s, macro F1 %.4f%s%n", unseen.size(),
                    RunReport.pct(metrics.accuracy()), metrics.macroF1(),
                    metrics.rocAuc().isPresent() ? String.format(Locale.ROOT, ", ROC-AUC %.4f", metrics.rocAuc().getAsDouble()) : "");
            List<String> examples = List.of("A moving, beautifully acted film. I loved every minute of it.",
                    "Two hours of my life I will never get back. Dull plot, wooden acting.");
            List<Classifier.Prediction> predictions = classifier.predict(examples);
            console.println();
            for (int i = 0; i < examples.size(); i++) {
                console.printf(Locale.ROOT, "%-8s (%s)  \"%s\"%n", predictions.get(i).label(),
                        PredictCommand.describe(predictions.get(i).probabilities()), examples.get(i));
            }
        }
        return 0;
    }
}
