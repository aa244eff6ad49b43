package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
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

/** train --multi-label → evaluate → predict through the CLI on a tiny model and JSON-lines data. */
class MultiLabelCommandsTest {

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path jsonl;
    private static Path run;

    @BeforeAll
    static void train() throws Exception {
        model = TinyPretrained.write(tmp.resolve("tiny-bert"));
        jsonl = TinyPretrained.writeJsonl(tmp.resolve("topics.jsonl"), TinyPretrained.topics(300, 1));
        run = tmp.resolve("runs/topics");
        // 16 epochs: at 8 the result depended on the seed (validation micro-F1 0.79–0.97, MultiLabelClassifierTest).
        CliRunner.Result r = CliRunner.run("train", "--data", jsonl.toString(), "--model", model.toString(),
                "--multi-label", "--method", "full", "--epochs", "16", "--lr", "5e-3", "--batch-size", "16",
                "--max-length", "32", "--pooling", "mean", "--metric", "micro-f1", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void trainWritesAMultiLabelRunWhoseReportShowsPerLabelScores() throws Exception {
        for (String f : List.of("model/config.json", "model/model.safetensors", "metrics.json", "report.html",
                "loss.png", "accuracy.png")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
        }
        assertFalse(Files.exists(run.resolve("confusion.png")), "a confusion matrix is a single-label chart");
        assertEquals("multi_label_classification", json(run.resolve("model/config.json")).get("problem_type").getAsString());
        assertTrue(json(run.resolve("run.json")).getAsJsonObject("data").get("multi_label").getAsBoolean());
        JsonObject validation = json(run.resolve("metrics.json")).getAsJsonObject("validation");
        assertEquals(4, validation.getAsJsonObject("per_label").size());
        assertTrue(validation.get("micro_f1").getAsDouble() >= 0.95, validation.toString());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("micro avg") && html.contains("Subset accuracy"), "per-label table and set metrics");
    }

    @Test
    void evaluateReportsMultiLabelMetricsAsJsonAndText() throws Exception {
        CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--data",
                jsonl.toString(), "--split", "val", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject e = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals(json(run.resolve("split.json")).getAsJsonArray("validation_rows").size(), e.get("examples").getAsInt());
        assertEquals(0.5, e.get("threshold").getAsDouble(), 0);
        JsonObject validation = json(run.resolve("metrics.json")).getAsJsonObject("validation");
        assertEquals(validation.get("micro_f1").getAsDouble(), e.get("micro_f1").getAsDouble(), 1e-9,
                "the run's validation rows score as the run reported");
        assertEquals(validation.get("subset_accuracy").getAsDouble(), e.get("subset_accuracy").getAsDouble(), 1e-9);

        CliRunner.Result text = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--data",
                jsonl.toString(), "--split", "val", "--threshold", "0.9");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("subset accuracy:") && text.out().contains("threshold:       0.9"), text.out());
    }

    @Test
    void predictListsEveryLabelAtOrOverTheThreshold() {
        CliRunner.Result r = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--json",
                "great fine the plot film plot", "the movie was a film");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(List.of("plot", "positive"), sorted(first.getAsJsonArray("labels")));
        assertEquals(4, first.getAsJsonObject("probabilities").size());
        assertFalse(first.has("label"), "one label is a single-label answer");

        CliRunner.Result text = CliRunner.run("predict", "--model", run.resolve("model").toString(),
                "great fine the plot film plot");
        // Most probable first, each with its probability, then the text.
        assertTrue(text.out().matches("plot \\d\\.\\d{3}, positive \\d\\.\\d{3}  great fine the plot film plot\\R"), text.out());
    }

    @Test
    void singleLabelOnlyUsesOfMultiLabelDataOrModelsAreOneLineErrors() {
        CliRunner.Result prompt = CliRunner.run("train", "--data", jsonl.toString(), "--model", model.toString(),
                "--multi-label", "--method", "prompt", "--out", tmp.resolve("runs/never").toString());
        assertEquals(1, prompt.exitCode());
        assertEquals("tune4j: --multi-label does not apply to --method prompt, which picks one verbalizer word per text",
                prompt.err().strip());

        CliRunner.Result imdb = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--data", "imdb");
        assertEquals(1, imdb.exitCode());
        assertEquals(1, imdb.err().strip().lines().count(), imdb.err());
        assertTrue(imdb.err().startsWith("tune4j: imdb has one label per review"), imdb.err());
    }

    private static List<String> sorted(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out.stream().sorted().toList();
    }
}
