package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.TinyPretrained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --method lora|adapter → adapter-only model → merge → predict, through the CLI. */
class AdapterCommandsTest {

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path csv;

    @BeforeAll
    static void setUp() throws Exception {
        model = TinyPretrained.write(tmp.resolve("tiny-bert"));
        csv = TinyPretrained.writeCsv(tmp.resolve("reviews.csv"), TinyPretrained.sentiment(80, 3));
    }

    @Test
    void loraTrainsAnAdapterOnlyModelThatMergePredictsLike() throws Exception {
        Path run = tmp.resolve("runs/lora");
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--method", "lora", "--lora-rank", "4", "--lora-alpha", "8", "--lora-targets", "query,value,output",
                "--epochs", "2", "--lr", "1e-2", "--batch-size", "16", "--max-length", "32", "--head", "linear",
                "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject metrics = JsonParser.parseString(Files.readString(run.resolve("metrics.json"))).getAsJsonObject();
        assertTrue(metrics.get("trainable_parameters").getAsLong() < metrics.get("total_parameters").getAsLong() / 5);
        assertTrue(Files.isRegularFile(run.resolve("model/adapter_model.safetensors")));
        assertTrue(Files.isRegularFile(run.resolve("model/adapter_config.json")));
        assertFalse(Files.exists(run.resolve("model/model.safetensors")));
        JsonObject config = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject()
                .getAsJsonObject("config");
        assertEquals(4, config.getAsJsonObject("technique").getAsJsonObject("lora").get("r").getAsInt());

        Path merged = tmp.resolve("merged");
        CliRunner.Result m = CliRunner.run("merge", "--model", run.resolve("model").toString(), "--out", merged.toString());
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(Files.isRegularFile(merged.resolve("model.safetensors")));

        String[] texts = {"great wonderful love the movie", "awful boring hate the film"};
        List<String> fromAdapters = probabilities(run.resolve("model"), texts);
        List<String> fromMerged = probabilities(merged, texts);
        assertEquals(fromAdapters, fromMerged);

        CliRunner.Result eval = CliRunner.run("evaluate", "--model", run.resolve("model").toString(),
                "--data", csv.toString(), "--split", "val", "--json");
        assertEquals(0, eval.exitCode(), eval.err());
    }

    @Test
    void adapterWithMergeSavesAFullModel() {
        Path run = tmp.resolve("runs/adapter");
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--method", "adapter", "--adapter-size", "8", "--train-layernorm", "--merge", "--epochs", "1",
                "--batch-size", "16", "--max-length", "32", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(run.resolve("model/model.safetensors")));
        assertFalse(Files.exists(run.resolve("model/adapter_model.safetensors")));
        CliRunner.Result predict = CliRunner.run("predict", "--model", run.resolve("model").toString(), "good film");
        assertEquals(0, predict.exitCode(), predict.err());
    }

    @Test
    void adaptersAfterTheFeedForwardOnlySaveHalfTheAdapterWeights() throws Exception {
        long[] bytes = new long[2];
        String[] placements = {"both", "ffn"};
        for (int i = 0; i < 2; i++) {
            Path run = tmp.resolve("runs/adapter-" + placements[i]);
            CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                    "--method", "adapter", "--adapter-size", "8", "--adapter-placement", placements[i], "--head", "linear",
                    "--epochs", "1", "--batch-size", "16", "--max-length", "32", "--out", run.toString());
            assertEquals(0, r.exitCode(), r.err());
            bytes[i] = Files.size(run.resolve("model/adapter_model.safetensors"));
            CliRunner.Result predict = CliRunner.run("predict", "--model", run.resolve("model").toString(), "good film");
            assertEquals(0, predict.exitCode(), predict.err());
        }
        assertTrue(bytes[1] < bytes[0] * 0.6, bytes[1] + " B after the feed-forward only vs " + bytes[0] + " B at both");
    }

    @Test
    void optionsOfAnotherMethodAreRejected() {
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--method", "adapter", "--lora-rank", "4", "--out", tmp.resolve("runs/never").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--lora-* options apply to --method lora"), r.err());
        CliRunner.Result bad = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--method", "lora", "--lora-targets", "query,pooler", "--out", tmp.resolve("runs/never").toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("Unknown LoRA target 'pooler'"), bad.err());
        CliRunner.Result placement = CliRunner.run("train", "--data", csv.toString(), "--model", model.toString(),
                "--method", "adapter", "--adapter-placement", "middle", "--out", tmp.resolve("runs/never").toString());
        assertEquals(1, placement.exitCode());
        assertTrue(placement.err().contains("Unknown adapter placement 'middle'; expected both or ffn"), placement.err());
    }

    /** Each text's probabilities, rounded to 5 decimals (merging changes the last float bits). */
    private static List<String> probabilities(Path modelDir, String... texts) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", modelDir.toString(), "--json"));
        args.addAll(List.of(texts));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return r.out().strip().lines().map(line -> {
            JsonObject p = JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("probabilities");
            return p.entrySet().stream().map(e -> e.getKey() + String.format(java.util.Locale.ROOT, "%.5f", e.getValue().getAsDouble()))
                    .toList().toString();
        }).toList();
    }
}
