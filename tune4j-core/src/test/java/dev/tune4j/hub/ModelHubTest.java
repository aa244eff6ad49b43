package dev.tune4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Sha256;
import dev.tune4j.TemporaryHome;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelHubTest {

    @TempDir
    Path home;

    @Test
    void acceptsAModelDirectoryAsIs() throws IOException {
        Path dir = modelDir(home.resolve("mine"));
        assertEquals(dir.toAbsolutePath(), ModelHub.resolve(dir.toString(), line -> {}));
    }

    @Test
    void listsWhatAModelDirectoryLacks() throws IOException {
        Path dir = Files.createDirectories(home.resolve("half"));
        Files.writeString(dir.resolve("config.json"), "{}");
        Tune4jException e = assertThrows(Tune4jException.class, () -> ModelHub.resolve(dir.toString(), line -> {}));
        assertTrue(e.getMessage().endsWith("missing model.safetensors, vocab.txt or tokenizer.json"), e.getMessage());
    }

    @Test
    void unknownNameListsTheCatalogue() {
        Tune4jException e = assertThrows(Tune4jException.class, () -> ModelHub.resolve("bert-huge", line -> {}));
        assertTrue(e.getMessage().contains("'bert-huge'") && e.getMessage().contains("bert-base-uncased"),
                e.getMessage());
    }

    @Test
    void cachedModelIsVerifiedAgainstItsManifest() throws IOException {
        Path cached = modelDir(home.resolve("models/bert-base-uncased"));
        Path weights = cached.resolve("model.safetensors");
        new CacheManifest(1, "bert-base-uncased", "test", "", Sha256.of(weights), Files.size(weights), true)
                .write(cached);
        try (TemporaryHome ignored = new TemporaryHome(home)) {
            assertEquals(cached, ModelHub.resolve("bert-base-uncased", line -> {}));
            assertTrue(ModelHub.list().get(0).cached());
            assertFalse(ModelHub.list().get(1).cached());

            flipByte(weights, Files.size(weights) - 1);
            Tune4jException e = assertThrows(Tune4jException.class,
                    () -> ModelHub.resolve("bert-base-uncased", line -> {}));
            assertTrue(e.getMessage().startsWith(weights + ": SHA-256 is "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    /** Flips one byte and moves the modification time on, as any real write would. */
    static void flipByte(Path file, long offset) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            channel.write(one, offset);
        }
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
    }

    private static Path modelDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{}");
        Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n");
        Safetensors.write(dir.resolve("model.safetensors"),
                Map.of("w", HostTensor.ofFloats(new long[] {2}, new float[] {1, 2})), Map.of());
        return dir;
    }
}
