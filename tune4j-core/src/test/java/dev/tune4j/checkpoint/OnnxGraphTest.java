package dev.tune4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny BERT as torch exports it, written by {@link TinyOnnx}, read with the hand-written protobuf reader; the
 * writer must give the graph of the real export that bench/parity/tiny_onnx_fixture.py recorded.
 */
class OnnxGraphTest {

    @TempDir
    Path tmp;

    private Path tiny() throws Exception {
        return TinyOnnx.write(tmp.resolve("tiny-bert.onnx"), TinyOnnx.Variant.INTACT);
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

    /** Names, shapes, order and values of torch's export (onnx/tiny-bert.json's "graph"). */
    @Test
    void writesTheGraphOfTheTorchExportWithTheFormulasWeights() throws Exception {
        Path json = Path.of(OnnxGraphTest.class.getResource("/onnx/tiny-bert.json").toURI());
        JsonObject exported = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("graph");
        OnnxGraph graph = OnnxGraph.read(tiny());
        assertEquals(strings(exported, "initializers"), graph.initializers().entrySet().stream()
                .map(e -> e.getKey() + " " + Arrays.toString(e.getValue().shape())).toList());
        assertEquals(strings(exported, "nodes"), graph.nodes().stream().map(n -> n.opType() + " " + n.name() + ": "
                + String.join(", ", n.inputs()) + " -> " + String.join(", ", n.outputs())).toList());
        MessageDigest values = Sha256.digest(); // bit for bit what numpy computed and torch exported
        graph.initializers().values().forEach(t -> values.update(t.data()));
        assertEquals(exported.get("initializers_sha256").getAsString(), Sha256.hex(values));
        assertArrayEquals(TinyOnnx.weights("encoder.layer.1.output.LayerNorm.weight", 16),
                graph.initializers().get("encoder.layer.1.output.LayerNorm.weight").toFloatArray());
        float[] query = TinyOnnx.weights("encoder.layer.0.attention.self.query.weight", 16 * 16); // (out, in)
        float[] transposed = graph.initializers().get("onnx::MatMul_380").toFloatArray(); // (in, out)
        assertEquals(query[3 * 16 + 5], transposed[5 * 16 + 3]);
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

    private static List<String> strings(JsonObject o, String key) {
        return o.getAsJsonArray(key).asList().stream().map(JsonElement::getAsString).toList();
    }
}
