package dev.tune4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * DJL 0.36 aborts the JVM (std::terminate, uncatchable) when a BFLOAT16 NDArray is created or cast to.
 * No main source of any module may name that data type; bf16 weights are widened to float32 on the host.
 * bf16 compute lives in JavaCPP tensors ({@link Bf16Torch}), and the only way from there into a DJL
 * array is {@link Bf16Torch#toDjl}, which refuses bf16 (tested here and in Bf16EncoderTest).
 */
class NoBfloat16Test {

    @Test
    void noMainSourceNamesDjlsBfloat16() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("tune4j-core/pom.xml"))) {
            root = root.getParent();
        }
        assertTrue(root != null, "repository root not found");
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList();
        }
        assertTrue(sources.size() > 50, "found only " + sources.size() + " main sources");
        List<String> offenders = sources.stream().filter(p -> {
            try {
                return Files.readString(p).contains("DataType.BFLOAT16");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).map(Path::toString).toList();
        assertEquals(List.of(), offenders);
        // A DJL array can wrap a native tensor only through PtNDArray's handle constructor.
        List<String> wrappers = sources.stream().filter(p -> {
            try {
                return Files.readString(p).contains("new PtNDArray(");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("Bf16Torch.java"), wrappers);
    }

    @Test
    void aBf16TensorCannotReachDjl() {
        Assumptions.assumeTrue(Precision.BF16.resolve(line -> {}) == Precision.BF16, "bf16 unavailable here");
        try (NDManager manager = Torch.newManager(); PointerScope scope = new PointerScope()) {
            Tensor bf16 = torch.ones(2, 2).to(ScalarType.BFloat16);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bf16Torch.toDjl(manager, bf16));
            assertTrue(e.getMessage().contains("fp32"), e.getMessage());
            NDArray fp32 = Bf16Torch.toDjl(manager, bf16.to(ScalarType.Float));
            assertEquals(DataType.FLOAT32, fp32.getDataType());
            assertEquals(4f, fp32.sum().getFloat());
        }
    }
}
