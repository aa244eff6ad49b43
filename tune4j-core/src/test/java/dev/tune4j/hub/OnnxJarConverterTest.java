package dev.tune4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.TemporaryHome;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.checkpoint.TinyOnnx;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import dev.tune4j.infer.SentencePooling;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tiny BertModel as torch exports it to ONNX ({@link TinyOnnx}; bench/parity/tiny_onnx_fixture.py exports the same
 * weights and records onnxruntime's outputs), packed in a jar as langchain4j packs its models: converted, it must give
 * onnxruntime's outputs; a tampered copy must fail in one line and leave nothing in the cache.
 */
class OnnxJarConverterTest {

    private static final double TOL = 2e-5;
    private static final ModelCatalog.Entry ENTRY = new ModelCatalog.Entry("tiny-onnx", "test.tune4j:tiny-onnx:1.0",
            "a tiny random BERT", true, new ModelCatalog.OnnxFiles("tiny-bert.onnx", "tiny-bert-tokenizer.json", 2,
                    new SentencePooling(Pooling.MEAN, true, 0)));

    @TempDir
    Path tmp;

    private String previousRepo;

    @BeforeEach
    void pointMavenAtTemporaryRepository() {
        previousRepo = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", tmp.resolve("m2").toString());
    }

    @AfterEach
    void restore() {
        if (previousRepo == null) {
            System.clearProperty("maven.repo.local");
        } else {
            System.setProperty("maven.repo.local", previousRepo);
        }
    }

    @Test
    void convertedModelGivesOnnxRuntimesOutputs() throws Exception {
        jar(TinyOnnx.Variant.INTACT);
        JsonObject golden = JsonParser.parseString(Files.readString(resource("tiny-bert.json"))).getAsJsonObject();
        List<JsonObject> cases = golden.getAsJsonArray("cases").asList().stream().map(JsonElement::getAsJsonObject).toList();
        List<String> texts = cases.stream().map(c -> c.get("text").getAsString()).toList();
        try (TemporaryHome ignored = new TemporaryHome(tmp.resolve("home"))) {
            Path dir = ModelHub.resolve(ENTRY, line -> {});
            assertEquals(37, Safetensors.read(dir.resolve("model.safetensors")).tensors().size(), "5 embeddings + 2 × 16");
            assertTrue(Safetensors.read(dir.resolve("model.safetensors")).tensors().keySet().stream()
                    .noneMatch(k -> k.startsWith("onnx::")));
            try (Embedder sentence = Embedder.load(dir); Embedder cls = Embedder.load(dir, Pooling.CLS)) {
                float[][] embeddings = sentence.embed(texts);
                float[][] first = cls.embed(texts);
                for (int i = 0; i < cases.size(); i++) {
                    assertArrayEquals(longs(cases.get(i), "input_ids"), sentence.encode(texts, true).get(i).inputIds());
                    assertClose(doubles(cases.get(i), "embedding"), embeddings[i], texts.get(i) + " embedding");
                    assertClose(doubles(cases.get(i), "cls"), first[i], texts.get(i) + " [CLS]");
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "MISSING, encoder.layer.0.attention.self.key.weight, is missing",
        "DUPLICATED, encoder.layer.0.attention.self.key.weight, is found twice",
        "MISSHAPED, encoder.layer.1.attention.self.query.weight, 'has shape [15, 16], expected [16, 16]'"})
    void aTamperedWeightFailsInOneLineAndCachesNothing(TinyOnnx.Variant variant, String key, String problem)
            throws Exception {
        Path jar = jar(variant);
        Path home = tmp.resolve("home");
        try (TemporaryHome ignored = new TemporaryHome(home)) {
            Tune4jException e = assertThrows(Tune4jException.class, () -> ModelHub.resolve(ENTRY, line -> {}));
            String message = e.getMessage();
            assertFalse(message.contains("\n"), message);
            assertTrue(message.startsWith(jar + "!/tiny-bert.onnx: weight '" + key + "'"), message);
            assertTrue(message.contains(problem), message);
            try (Stream<Path> left = Files.list(home.resolve("models"))) {
                assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().endsWith(".lock")).toList());
            }
        }
    }

    /** The jar where Maven would keep it, holding TinyOnnx's {@code variant} under the entry's model name. */
    private Path jar(TinyOnnx.Variant variant) throws IOException, URISyntaxException {
        Path jar = MavenArtifacts.jarPath(ENTRY);
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(zip, "README", "a test jar".getBytes());
            put(zip, ENTRY.onnx().model(), TinyOnnx.bytes(variant));
            put(zip, ENTRY.onnx().tokenizer(), Files.readAllBytes(resource("tiny-bert-tokenizer.json")));
        }
        return jar;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        ((OutputStream) zip).write(bytes);
        zip.closeEntry();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(OnnxJarConverterTest.class.getResource("/onnx/" + name).toURI());
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int d = 0; d < expected.length; d++) {
            assertEquals(expected[d], actual[d], TOL, what + " dimension " + d);
        }
    }

    private static double[] doubles(JsonObject o, String key) {
        return o.getAsJsonArray(key).asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }

    private static long[] longs(JsonObject o, String key) {
        return o.getAsJsonArray(key).asList().stream().mapToLong(JsonElement::getAsLong).toArray();
    }
}
