package dev.tune4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The tiny torch export of bench/parity/tiny_onnx_fixture.py, read with the hand-written protobuf reader. */
class OnnxGraphTest {

    private static Path tiny() throws Exception {
        return Path.of(OnnxGraphTest.class.getResource("/onnx/tiny-bert.onnx").toURI());
    }

    @Test
    void readsNamedAndAnonymousInitializersAndTheNodesBetweenThem() throws Exception {
        OnnxGraph graph = OnnxGraph.read(tiny());
        assertEquals(12, graph.initializers().keySet().stream().filter(n -> n.startsWith("onnx::MatMul_")).count());
        assertArrayEquals(new long[] {40, 16}, graph.initializers().get("embeddings.word_embeddings.weight").shape());
        assertEquals(DType.F32, graph.initializers().get("encoder.layer.1.output.LayerNorm.bias").dtype());
        OnnxGraph.Node add = graph.nodes().stream()
                .filter(n -> n.opType().equals("Add") && n.inputs().contains("encoder.layer.0.attention.self.query.bias"))
                .findFirst().orElseThrow();
        String product = add.inputs().stream().filter(i -> !i.endsWith(".bias")).findFirst().orElseThrow();
        OnnxGraph.Node matmul = graph.producers().get(product);
        assertEquals("MatMul", matmul.opType());
        assertArrayEquals(new long[] {16, 16}, graph.initializers().get(matmul.inputs().get(1)).shape());
    }

    @Test
    void aTruncatedOrForeignFileFailsInOneLineNamingIt() throws Exception {
        byte[] bytes = Files.readAllBytes(tiny());
        Path file = Path.of("cut.onnx");
        for (byte[] bad : new byte[][] {Arrays.copyOf(bytes, bytes.length / 2), "not protobuf at all".getBytes(), new byte[0]}) {
            Tune4jException e = assertThrows(Tune4jException.class, () -> OnnxGraph.parse(file, bad));
            assertTrue(e.getMessage().startsWith("cut.onnx: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
