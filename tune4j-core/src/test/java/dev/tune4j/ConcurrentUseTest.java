package dev.tune4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.data.Dataset;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one run directory or one cache fill: file locks (held by a real second JVM, since a
 * FileLock is per process) make the second training fail at once with one line, and the second cache
 * fill wait for the first.
 */
class ConcurrentUseTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondTrainingOnTheSameRunDirectoryFailsAtOnceWithOneLine() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("model"));
        Path run = tmp.resolve("runs/shared");
        Process other = LockHolder.start(run.resolve(".lock"), 60_000);
        try {
            TrainConfig config = TrainConfig.builder(new FeatureExtraction()).model(model.toString()).maxLength(16)
                    .epochs(1).cacheFeatures(false).build();
            Dataset data = TinyPretrained.sentiment(16, 1);
            Tune4jException e = assertThrows(Tune4jException.class,
                    () -> Classifier.train(config, data, run, TrainingListener.SILENT));
            assertEquals("run directory " + run + " is in use by another tune4j process (it holds " + run.resolve(".lock")
                    + "); wait for it to finish or choose another --out", e.getMessage());
            assertFalse(Files.exists(run.resolve("run.json")), "the second run wrote nothing");
            assertThrows(Tune4jException.class, () -> Classifier.resume(run, data, TrainingListener.SILENT));
        } finally {
            other.destroyForcibly().waitFor();
        }
        // kill -9 of the holder released its lock: no stale lock file blocks the next run.
        FileLocks.tryLock(run.resolve(".lock"), "run directory " + run, "").close();
    }

    @Test
    void aSecondCacheFillWaitsForTheFirstThenProceeds() throws Exception {
        Path lock = tmp.resolve("cache/models/.bert-base-uncased.lock");
        Process other = LockHolder.start(lock, 1_500);
        List<String> log = new ArrayList<>();
        long start = System.nanoTime();
        try (FileLocks.Held held = FileLocks.lock(lock, "converting bert-base-uncased", log::add)) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 500, "took the lock after " + waited + " ms, while the other process held it");
        }
        assertEquals(List.of("waiting for another tune4j process to finish converting bert-base-uncased..."), log);
        other.waitFor();
    }
}
