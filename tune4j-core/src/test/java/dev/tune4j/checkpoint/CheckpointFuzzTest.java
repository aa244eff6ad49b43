package dev.tune4j.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tune4j.FuzzProperty;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Fuzzes the readers of weight files: safetensors (header JSON and byte ranges) and TensorFlow's
 * TensorBundle index (SSTable blocks, varints, protobuf BundleEntryProto). Without JAZZER_FUZZ=1 this
 * replays the corpus in src/test/resources/dev/tune4j/checkpoint/CheckpointFuzzTestInputs.
 */
class CheckpointFuzzTest {

    static final String BUDGET = FuzzProperty.ROUND;
    private static final byte[] DATA = resource("fuzz-bundle.data");

    private static byte[] resource(String name) {
        try (java.io.InputStream in = CheckpointFuzzTest.class.getResourceAsStream(name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = BUDGET)
    void safetensors(byte[] bytes) {
        Path file = FuzzProperty.file("model.safetensors", bytes);
        FuzzProperty.holds(file, () -> Safetensors.parse(file, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)));
    }

    @FuzzTest(maxDuration = BUDGET)
    void tensorBundleIndex(byte[] bytes) {
        Path index = FuzzProperty.file("bundle/variables.index", bytes);
        // The seed's data shard, so that entries pointing into it are followed, bounds- and CRC-checked.
        FuzzProperty.file("bundle/variables.data-00000-of-00001", DATA);
        FuzzProperty.holds(index, () -> TfBundle.read(index));
    }
}
