package dev.tune4j;

import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.data.Dataset;
import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Path;

/**
 * The child JVM of {@link KillNineTest}: trains a tiny feature-extraction classifier with its feature
 * cache on disk, or resumes it, printing a marker line per phase so the parent knows where a kill landed.
 * Arguments: MODEL_DIR RUN_DIR train|resume. Exit status 0 after "DONE".
 */
public final class KillableTraining {

    static final int EXAMPLES = 64;
    static final int EPOCHS = 4;

    private KillableTraining() {}

    static TrainConfig config(Path model) {
        return TrainConfig.builder(new FeatureExtraction()).model(model.toString()).maxLength(24).batchSize(8)
                .epochs(EPOCHS).patience(0).cacheFeatures(true).build();
    }

    static Dataset data() {
        return TinyPretrained.sentiment(EXAMPLES, 11);
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path run = Path.of(args[1]);
        TrainingListener markers = new TrainingListener() {
            @Override
            public void phaseStarted(String phase, long totalUnits, String unit) {
                System.out.println("PHASE " + phase);
                System.out.flush();
            }

            @Override
            public void log(String line) {
                System.out.println("LOG " + line);
                System.out.flush();
            }

            @Override
            public void epochEnded(EpochMetrics m) {
                System.out.println("EPOCH " + m.epoch());
                System.out.flush();
            }
        };
        Classifier.Run result = args[2].equals("resume")
                ? Classifier.resume(run, data(), markers)
                : Classifier.train(config(model), data(), run, markers);
        result.classifier().close();
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }
}
