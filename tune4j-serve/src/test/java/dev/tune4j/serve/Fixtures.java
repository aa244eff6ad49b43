package dev.tune4j.serve;

import dev.tune4j.Classifier;
import dev.tune4j.FileTrees;
import dev.tune4j.TinyPretrained;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.adapt.Lora;
import dev.tune4j.adapt.Technique;
import dev.tune4j.data.Dataset;
import dev.tune4j.infer.Pooling;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny models for the server's tests, made once per test JVM: a random 2-layer BERT (served as an embedding
 * model) and three classifier runs trained on it in seconds: single-label, LoRA (adapter-only) and multi-label.
 */
final class Fixtures {

    private static Fixtures instance;

    final Path tiny;
    final Path single;
    final Path lora;
    final Path multi;

    private Fixtures(Path root) throws IOException {
        tiny = TinyPretrained.write(root.resolve("tiny-bert"));
        // Six epochs on 200 reviews learn the synthetic task (ClassifierTrainerTest), so the page shows real scores.
        single = train(root.resolve("runs/single"), new FullFineTuning(), TinyPretrained.sentiment(200, 3), Pooling.CLS, 6);
        lora = train(root.resolve("runs/lora"), Lora.standard(), TinyPretrained.sentiment(80, 4), Pooling.CLS, 2);
        multi = train(root.resolve("runs/multi"), new FullFineTuning(), TinyPretrained.topics(80, 5), Pooling.MEAN, 2);
        // The CLI writes report.html after training; the server only links and serves it.
        Files.writeString(single.resolve("report.html"), "<html><body><h1>report of single</h1></body></html>");
    }

    static synchronized Fixtures get() {
        if (instance == null) {
            try {
                Path root = Files.createTempDirectory("tune4j-serve-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        FileTrees.delete(root);
                    } catch (IOException e) {
                        // a temporary directory left behind is no reason to fail a test run
                    }
                }));
                instance = new Fixtures(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private Path train(Path run, Technique technique, Dataset data, Pooling pooling, int epochs) {
        TrainConfig config = TrainConfig.builder(technique).model(tiny.toString()).maxLength(32).batchSize(16).epochs(epochs)
                .learningRate(1e-3f).pooling(pooling).cacheFeatures(false).build();
        Classifier.train(config, data, run, TrainingListener.SILENT).classifier().close();
        return run;
    }
}
