package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.TinyPretrained;
import dev.tune4j.config.BertConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pretrain → fill-mask / prompt, and train --method prompt, through the CLI on tiny models. */
class PretrainPromptCommandTest {

    @TempDir
    static Path tmp;

    private static Path tiny;
    private static Path csv;

    @BeforeAll
    static void setUp() throws Exception {
        tiny = TinyPretrained.write(tmp.resolve("tiny-bert"));
        csv = TinyPretrained.writeCsv(tmp.resolve("reviews.csv"), TinyPretrained.sentiment(60, 3));
    }

    @Test
    void pretrainFromScratchWritesAModelThatFillMaskAndPromptUse() throws Exception {
        Path config = tmp.resolve("config.json");
        Files.writeString(config, BertConfig.tiny(25).toJsonString());
        Path text = tmp.resolve("corpus.txt");
        Files.write(text, TinyPretrained.sentiment(80, 4).texts());
        Path out = tmp.resolve("scratch");
        CliRunner.Result r = CliRunner.run("pretrain", "--data", text.toString(), "--config", config.toString(),
                "--vocab", tiny.resolve("vocab.txt").toString(), "--epochs", "1", "--batch-size", "8", "--lr", "1e-3",
                "--max-length", "16", "--whole-word-mask", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject saved = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals("BertForMaskedLM", saved.getAsJsonArray("architectures").get(0).getAsString());
        assertTrue(saved.getAsJsonObject("tune4j").getAsJsonObject("pretraining").has("heldout_loss_after"));

        CliRunner.Result fill = CliRunner.run("fill-mask", "--model", out.toString(), "the movie was [MASK]");
        assertEquals(0, fill.exitCode(), fill.err());
        CliRunner.Result prompt = CliRunner.run("prompt", "--model", out.toString(), "--template", "{text} it was [MASK]",
                "--verbalizer", "negative=bad;positive=good", "--json", "great film");
        assertEquals(0, prompt.exitCode(), prompt.err());
        JsonObject o = JsonParser.parseString(prompt.out().strip()).getAsJsonObject();
        assertEquals(2, o.getAsJsonObject("probabilities").size());
    }

    @Test
    void trainMethodPromptWritesAModelThatPromptEvaluates() {
        Path run = tmp.resolve("runs/prompt");
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", tiny.toString(), "--method", "prompt",
                "--template", "{text} it was [MASK]", "--verbalizer", "0=terrible,bad;1=great,good", "--epochs", "2", "--lr", "1e-3", "--batch-size", "16",
                "--max-length", "32", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        CliRunner.Result eval = CliRunner.run("prompt", "--model", run.resolve("model").toString(), "--data", csv.toString(),
                "--max-length", "32", "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonObject e = JsonParser.parseString(eval.out().strip()).getAsJsonObject();
        assertEquals(60, e.get("examples").getAsInt());
        assertEquals("{text} it was [MASK]", e.get("template").getAsString());
        JsonObject did = e.getAsJsonObject("prompt");
        assertEquals("content-free", did.getAsJsonObject("calibration").get("mode").getAsString(), "recorded by the run");
        assertEquals(3, did.getAsJsonObject("calibration").getAsJsonArray("content_free").size());
        assertEquals("tail", did.getAsJsonArray("truncation").get(0).getAsString(), "the text next to the mask");

        CliRunner.Result ensemble = CliRunner.run("prompt", "--model", run.resolve("model").toString(), "--data", csv.toString(),
                "--max-length", "32", "--template", "{text} it was [MASK]", "--template", "the movie : {text} . it is [MASK]",
                "--no-calibrate");
        assertEquals(0, ensemble.exitCode(), ensemble.err());
        assertTrue(ensemble.out().contains("templates \"{text} it was [MASK]\", \"the movie : {text} . it is [MASK]\" (ensemble: "
                + "mean probability)") && ensemble.out().contains("calibration off") && ensemble.out().contains("truncation tail"),
                ensemble.out());
    }

    @Test
    void badTemplateIsAOneLineError() {
        CliRunner.Result r = CliRunner.run("prompt", "--model", tiny.toString(), "--template", "no slots here", "x");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("tune4j: template"), r.err());
    }
}
