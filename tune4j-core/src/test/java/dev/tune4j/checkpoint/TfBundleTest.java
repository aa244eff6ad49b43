package dev.tune4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfBundleTest {

    @TempDir
    Path dir;

    private final Map<String, HostTensor> tensors = sample();

    @Test
    void readsBackWhatTheWriterStored() throws IOException {
        Path index = TensorBundleWriter.write(dir, "variables", tensors);
        Map<String, HostTensor> read = TfBundle.read(index);
        assertEquals(tensors, read);
        assertEquals(List.of("bert/embeddings/word_embeddings", "bert/encoder/layer_0/attention/self/query/bias",
                "bert/encoder/layer_0/attention/self/query/kernel", "global_step", "half"),
                List.copyOf(read.keySet()));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6},
                read.get("bert/encoder/layer_0/attention/self/query/kernel").toFloatArray());
    }

    @Test
    void flippedTensorByteFailsTheTensorCrcNamingTheTensor() throws IOException {
        Path index = TensorBundleWriter.write(dir, "variables", tensors);
        Path data = dir.resolve("variables.data-00000-of-00001");
        flip(data, 0);
        Tune4jException e = assertFails(index, data + ": ");
        assertTrue(e.getMessage().contains("tensor 'bert/embeddings/word_embeddings' fails its CRC32C check"),
                e.getMessage());
    }

    @Test
    void flippedIndexByteFailsTheBlockCrc() throws IOException {
        Path index = TensorBundleWriter.write(dir, "variables", tensors);
        flip(index, 20);
        assertFails(index, index + ": block at offset 0 fails its CRC32C check (corrupted file?)");
    }

    @Test
    void badMagicIsRejected() throws IOException {
        Path index = TensorBundleWriter.write(dir, "variables", tensors);
        flip(index, Files.size(index) - 1);
        assertFails(index, index + ": not a TensorFlow checkpoint index: footer magic");
    }

    @Test
    void truncatedDataFileIsReported() throws IOException {
        Path index = TensorBundleWriter.write(dir, "variables", tensors);
        Path data = dir.resolve("variables.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(bytes, bytes.length - 1));
        assertFails(index, "(truncated file?)");
    }

    @Test
    void missingDataFileIsReported() throws IOException {
        Path index = TensorBundleWriter.write(dir, "variables", tensors);
        Files.delete(dir.resolve("variables.data-00000-of-00001"));
        assertFails(index, "data file not found");
    }

    @Test
    void tooShortIndexIsReported() throws IOException {
        Path index = dir.resolve("x.index");
        Files.write(index, new byte[10]);
        assertFails(index, "too short");
    }

    private static Tune4jException assertFails(Path index, String expected) {
        Tune4jException e = assertThrows(Tune4jException.class, () -> TfBundle.read(index));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    private static void flip(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x01;
        Files.write(file, bytes);
    }

    private static Map<String, HostTensor> sample() {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("bert/encoder/layer_0/attention/self/query/kernel",
                HostTensor.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("bert/encoder/layer_0/attention/self/query/bias", HostTensor.ofFloats(new long[] {3}, new float[] {7, 8, 9}));
        t.put("bert/embeddings/word_embeddings", HostTensor.ofFloats(new long[] {4, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, 8}));
        t.put("global_step", SafetensorsTest.patterned(DType.I64, new long[0]));
        t.put("half", SafetensorsTest.patterned(DType.F16, new long[] {3}));
        return t;
    }
}
