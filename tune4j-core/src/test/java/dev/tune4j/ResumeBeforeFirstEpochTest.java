package dev.tune4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.data.Dataset;
import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run interrupted before its first epoch completed: --resume starts it over, saying so, and ends as a straight run. */
class ResumeBeforeFirstEpochTest {

    @TempDir
    Path tmp;

    @Test
    void resumeWithoutACompletedEpochStartsFromTheBeginning() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("model"));
        Dataset data = TinyPretrained.sentiment(48, 3);
        TrainConfig config = TrainConfig.builder(new FeatureExtraction()).model(model.toString()).maxLength(24)
                .batchSize(8).epochs(2).cacheFeatures(false).build();
        Classifier.train(config, data, tmp.resolve("straight"), TrainingListener.SILENT).classifier().close();
        List<EpochMetrics> straight = readEpochs(tmp.resolve("straight"));

        Path run = tmp.resolve("interrupted");
        TrainingListener interrupt = new TrainingListener() {
            @Override
            public void progress(long done, double loss) {
                throw new IllegalStateException("interrupted in epoch 1");
            }
        };
        assertThrows(IllegalStateException.class, () -> Classifier.train(config, data, run, interrupt));
        assertFalse(Files.exists(run.resolve("checkpoint/latest")), "no epoch completed");

        List<String> log = new ArrayList<>();
        TrainingListener logged = new TrainingListener() {
            @Override
            public void log(String line) {
                log.add(line);
            }
        };
        Classifier.resume(run, data, logged).classifier().close();
        assertTrue(log.contains("no completed epoch to resume from: starting the run from the beginning"), log.toString());
        assertEquals(straight, readEpochs(run));
    }

    /** Per-epoch losses and scores from metrics.json, without wall-clock seconds. */
    private static List<EpochMetrics> readEpochs(Path run) throws Exception {
        List<EpochMetrics> epochs = new ArrayList<>();
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(Files.readString(run.resolve("metrics.json")))
                .getAsJsonObject();
        for (com.google.gson.JsonElement e : o.getAsJsonArray("epochs")) {
            EpochMetrics m = new com.google.gson.Gson().fromJson(e, EpochMetrics.class);
            epochs.add(new EpochMetrics(m.epoch(), m.trainLoss(), m.valLoss(), m.valAccuracy(), m.valMacroF1(),
                    m.valMicroF1(), m.learningRate(), 0, m.best()));
        }
        return epochs;
    }
}
