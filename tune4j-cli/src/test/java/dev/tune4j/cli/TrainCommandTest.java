package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.TinyPretrained;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.checkpoint.SafetensorsFile;
import dev.tune4j.engine.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → evaluate → predict through the CLI on a tiny model, as a user would run them. */
class TrainCommandTest {

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path csv;

    @BeforeAll
    static void setUp() throws Exception {
        model = TinyPretrained.write(tmp.resolve("tiny-bert"));
        csv = TinyPretrained.writeCsv(tmp.resolve("reviews.csv"), TinyPretrained.sentiment(120, 3));
    }

    @Test
    void trainWritesTheRunThenEvaluateAndPredictUseIt() throws Exception {
        Path run = tmp.resolve("runs/full");
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--method", "full", "--epochs", "3", "--lr", "1e-3", "--batch-size", "16", "--max-length", "32",
                "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        for (String f : List.of("model/config.json", "model/model.safetensors", "model/vocab.txt", "metrics.json",
                "run.json", "split.json", "report.html", "loss.png", "accuracy.png", "confusion.png")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
        }
        JsonObject metrics = JsonParser.parseString(Files.readString(run.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(3, metrics.getAsJsonArray("epochs").size());
        JsonObject config = JsonParser.parseString(Files.readString(run.resolve("model/config.json"))).getAsJsonObject();
        assertEquals("positive", config.getAsJsonObject("id2label").get("1").getAsString());

        CliRunner.Result eval = CliRunner.run("evaluate", "--model", run.resolve("model").toString(),
                "--data", csv.toString(), "--split", "val", "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonObject e = JsonParser.parseString(eval.out().strip()).getAsJsonObject();
        assertEquals(24, e.get("examples").getAsInt());
        assertTrue(e.get("accuracy").getAsDouble() >= 0.8, "val accuracy " + e.get("accuracy"));

        CliRunner.Result predict = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--json",
                "great wonderful love the movie", "awful boring hate the film");
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = predict.out().strip().lines().toList();
        assertEquals("positive", JsonParser.parseString(lines.get(0)).getAsJsonObject().get("label").getAsString());
        assertEquals("negative", JsonParser.parseString(lines.get(1)).getAsJsonObject().get("label").getAsString());
    }

    @Test
    void featureExtractionRecordsTheDtypeAskedAndTheOneThatRan() throws Exception {
        Path run = tmp.resolve("runs/features-bf16");
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--method", "feature-extraction", "--dtype", "bf16", "--no-feature-cache", "--epochs", "2",
                "--batch-size", "16", "--max-length", "32", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject();
        assertEquals("bf16", json.getAsJsonObject("config").get("dtype").getAsString());
        // bf16 where this CPU and libtorch run it, else the fp32 fallback.
        String ran = Precision.BF16.resolve(line -> {}).name().toLowerCase(Locale.ROOT);
        assertEquals(ran, json.get("dtype_used").getAsString());
    }

    /** The tutorial freezes BERT: a seed-recipe run trains the head alone and says so in run.json. */
    @Test
    void seedRecipeTrainsTheHeadAloneAndRecordsTheRecipe() throws Exception {
        Path run = tmp.resolve("runs/seed");
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--recipe", "seed", "--max-length", "32", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject config = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject()
                .getAsJsonObject("config");
        assertEquals("feature-extraction", config.get("method").getAsString());
        assertEquals("seed", config.get("recipe").getAsString());
        assertEquals(1e-5, config.get("lr").getAsDouble(), 1e-12);
        assertEquals(5, config.get("epochs").getAsInt());
        assertEquals("fp32", config.get("dtype").getAsString());

        SafetensorsFile base = Safetensors.read(model.resolve("model.safetensors"));
        SafetensorsFile trained = Safetensors.read(run.resolve("model/model.safetensors"));
        int compared = 0;
        for (String key : trained.tensors().keySet()) {
            if (key.startsWith("bert.") && base.tensors().containsKey(key)) {
                assertEquals(base.tensor(key).data(), trained.tensor(key).data(), key + " changed although frozen");
                compared++;
            }
        }
        assertTrue(compared >= 20, "compared only " + compared + " backbone tensors");
        assertTrue(trained.tensors().keySet().stream().anyMatch(k -> k.startsWith("classifier.")), "no head saved");
    }

    @Test
    void backboneDropoutFitsOnlyFeatureExtraction() {
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--method", "full", "--backbone-dropout", "--out", tmp.resolve("runs/never-dropout").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("tune4j: --backbone-dropout applies to --method feature-extraction"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void malformedCsvIsAOneLineErrorWithFileAndLineAndWritesNothing() throws Exception {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "text,label\n\"fine movie\",positive\n\"unterminated,negative\n");
        Path run = tmp.resolve("runs/never");
        CliRunner.Result r = CliRunner.run("train", "--data", bad.toString(), "--model", model.toString(), "--out", run.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("tune4j: " + bad + ":3:"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(run), "nothing partial is written");
    }

    @Test
    void missingLabelColumnNamesTheColumnsThatExist() throws Exception {
        Path other = tmp.resolve("other.csv");
        Files.writeString(other, "review,sentiment\n\"fine\",1\n");
        CliRunner.Result r = CliRunner.run("train", "--data", other.toString(), "--model", model.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(other + ":1:") && r.err().contains("review"), r.err());
    }
}
