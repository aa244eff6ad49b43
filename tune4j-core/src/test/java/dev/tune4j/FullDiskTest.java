package dev.tune4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.data.Dataset;
import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up in the middle of training, on a real 8 MiB tmpfs this test mounts (as root; the
 * test is skipped, saying why, where mounting is not permitted): the failing write ends in one line
 * naming the file and the space it needed, the last checkpoint stays intact, and after space is freed
 * {@code resume} finishes the run with the uninterrupted run's numbers.
 */
class FullDiskTest {

    @TempDir
    Path tmp;
    private Path mount;

    /** Lazily: the JVM may still map a checkpoint file there until a garbage collection. */
    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void outOfSpaceDuringACheckpointKeepsTheLastOneAndResumeFinishesAfterSpaceIsFreed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("small-disk"));
        int mounted;
        try {
            mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir.toString())
                    .redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            mounted = -1;
        }
        assumeTrue(mounted == 0, "cannot mount a size-limited tmpfs here (needs root and CAP_SYS_ADMIN)");
        mount = dir;

        Path model = TinyPretrained.write(tmp.resolve("model"));
        Dataset data = TinyPretrained.sentiment(48, 3);
        TrainConfig config = TrainConfig.builder(new FeatureExtraction()).model(model.toString()).maxLength(24)
                .batchSize(8).epochs(3).patience(0).cacheFeatures(false).build();
        Classifier.train(config, data, tmp.resolve("straight"), TrainingListener.SILENT).classifier().close();

        Path run = dir.resolve("run");
        Path filler = dir.resolve("filler");
        TrainingListener fillAfterEpochOne = new TrainingListener() {
            @Override
            public void epochEnded(EpochMetrics m) {
                if (m.epoch() == 1) {
                    fill(filler);
                }
            }
        };
        Tune4jException e = assertThrows(Tune4jException.class, () -> Classifier.train(config, data, run, fillAfterEpochOne));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().matches(".*" + run.resolve("checkpoint") + ".*: no space left on the device \\(writing it "
                + "needs [0-9,]+ bytes, [0-9,]+ bytes are free\\); the previous version is intact: free space and run again"),
                e.getMessage());
        assertEquals("epoch-1", Files.readString(run.resolve("checkpoint/latest")));
        try (Stream<Path> files = Files.walk(run)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".partial")), "no partial file is left");
        }

        Files.delete(filler);
        Classifier.resume(run, data, TrainingListener.SILENT).classifier().close();
        assertEquals(Files.readString(tmp.resolve("straight/model/model.safetensors").resolveSibling("config.json")),
                Files.readString(run.resolve("model/config.json")));
        assertEquals(-1, Files.mismatch(tmp.resolve("straight/model/model.safetensors"), run.resolve("model/model.safetensors")));
    }

    /** Writes zeros into {@code filler} until the file system is full. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // Full: exactly what the test wants.
        }
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 64 << 10; i++) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // Every last byte taken.
        }
    }
}
