package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.hub.ModelHub;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class FillMaskCommandTest {

    private static Path bertBase() {
        Assumptions.assumeFalse(Boolean.getBoolean("tune4j.skipIntegration"), "real-model tests are off");
        return ModelHub.resolve("bert-base-uncased", line -> {});
    }

    @Test
    void jsonOutputHasParisFirstWithTheReferenceProbability() {
        bertBase();
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", "bert-base-uncased", "--json",
                "the capital of france is [MASK].");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals("the capital of france is [MASK].", o.get("text").getAsString());
        JsonArray predictions = o.getAsJsonArray("predictions");
        assertEquals(5, predictions.size());
        JsonObject first = predictions.get(0).getAsJsonObject();
        assertEquals("paris", first.get("token").getAsString());
        assertEquals(3000, first.get("id").getAsInt());
        assertEquals(0.4168, first.get("prob").getAsDouble(), 0.001);
    }

    @Test
    void bf16KeepsTheTopTokenAndItsProbabilityWithin002() {
        bertBase();
        // Where the CPU has no bf16 this runs in fp32 after one warning, and must pass all the same.
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", "bert-base-uncased", "--json", "--dtype", "bf16",
                "the capital of france is [MASK].");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject first = JsonParser.parseString(r.out().strip()).getAsJsonObject().getAsJsonArray("predictions")
                .get(0).getAsJsonObject();
        assertEquals("paris", first.get("token").getAsString());
        assertEquals(0.4168, first.get("prob").getAsDouble(), 0.02);
    }

    @Test
    void unknownDtypeIsAUsageError() {
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", "bert-base-uncased", "--dtype", "fp16", "a [MASK].");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("fp16"), r.err());
    }

    @Test
    void severalMasksGetOneListEach() {
        bertBase();
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", "bert-base-uncased", "--json", "--top-k", "3",
                "the [MASK] of france is [MASK].");
        assertEquals(0, r.exitCode(), r.err());
        JsonArray perMask = JsonParser.parseString(r.out().strip()).getAsJsonObject().getAsJsonArray("predictions");
        assertEquals(2, perMask.size());
        assertEquals(3, perMask.get(0).getAsJsonArray().size());
        String first = perMask.get(0).getAsJsonArray().get(0).getAsJsonObject().get("token").getAsString();
        String second = perMask.get(1).getAsJsonArray().get(0).getAsJsonObject().get("token").getAsString();
        assertFalse(first.equals(second), "each mask gets its own predictions");
    }

    @Test
    void textWithoutMaskIsAOneLineError() {
        bertBase();
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", "bert-base-uncased", "no mask here");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("has no [MASK] token"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void truncatedWeightsFailWithOneLineNamingTheFile(@TempDir Path tmp) throws IOException {
        Path source = bertBase();
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        for (String f : new String[] {"config.json", "vocab.txt"}) {
            Files.copy(source.resolve(f), broken.resolve(f));
        }
        Path weights = broken.resolve("model.safetensors");
        try (var in = Files.newInputStream(source.resolve("model.safetensors"))) {
            Files.write(weights, in.readNBytes(4_000_000));
        }
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", broken.toString(), "a [MASK].");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(weights.toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void corruptedHeaderFailsWithOneLineNamingTheFile(@TempDir Path tmp) throws IOException {
        Path source = bertBase();
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        for (String f : new String[] {"config.json", "vocab.txt", "model.safetensors"}) {
            Files.copy(source.resolve(f), broken.resolve(f));
        }
        Path weights = broken.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(weights.toFile(), "rw")) {
            raf.seek(20); // inside the JSON header
            raf.write('}');
        }
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", broken.toString(), "a [MASK].");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("tune4j: " + weights), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownModelNameListsTheCatalogue() {
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", "no-such-model", "a [MASK].");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("bert-base-uncased"), r.err());
    }
}
