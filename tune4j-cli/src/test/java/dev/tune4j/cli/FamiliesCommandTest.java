package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.TinyFamilies;
import dev.tune4j.TinyPretrained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on RoBERTa, DistilBERT and ELECTRA directories: train, predict, merge, fill-mask, and ELECTRA's refusals. */
class FamiliesCommandTest {

    @TempDir
    static Path tmp;

    private static Path csv;

    @BeforeAll
    static void setUp() throws Exception {
        csv = TinyPretrained.writeCsv(tmp.resolve("reviews.csv"), TinyPretrained.sentiment(60, 3));
    }

    @Test
    void distilbertLoraTrainsMergesAndPredictsTheSame() throws Exception {
        Path base = TinyFamilies.write(tmp.resolve("distilbert"), "distilbert");
        Path run = tmp.resolve("runs/distilbert-lora");
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--model", base.toString(), "--method", "lora",
                "--lora-targets", "query,value", "--head", "hf", "--pooling", "cls", "--epochs", "1", "--batch-size", "16",
                "--max-length", "32", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject peft = JsonParser.parseString(Files.readString(run.resolve("model/adapter_config.json"))).getAsJsonObject();
        assertEquals("[\"q_lin\",\"v_lin\"]", peft.get("target_modules").toString());
        assertEquals("[\"classifier\",\"pre_classifier\"]", peft.get("modules_to_save").toString());
        Path merged = tmp.resolve("merged");
        assertEquals(0, CliRunner.run("merge", "--model", run.resolve("model").toString(), "--out", merged.toString()).exitCode());
        JsonObject config = JsonParser.parseString(Files.readString(merged.resolve("config.json"))).getAsJsonObject();
        assertEquals("DistilBertForSequenceClassification", config.getAsJsonArray("architectures").get(0).getAsString());
        assertEquals(32, config.get("dim").getAsInt());
        double[] unmerged = probabilities(run.resolve("model"));
        double[] folded = probabilities(merged);
        for (int i = 0; i < unmerged.length; i++) {
            assertEquals(unmerged[i], folded[i], 1e-5, "probability " + i);
        }
    }

    @Test
    void robertaFillsItsOwnMaskToken() throws Exception {
        Path base = TinyFamilies.write(tmp.resolve("roberta"), "roberta");
        CliRunner.Result r = CliRunner.run("fill-mask", "--model", base.toString(), "--json", "--top-k", "2",
                "the movie was <mask>.");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject out = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals(2, out.getAsJsonArray("predictions").size());
    }

    @Test
    void electraRefusesMaskedLmTasksInOneLine() throws Exception {
        Path base = TinyFamilies.write(tmp.resolve("electra"), "electra");
        for (List<String> args : List.of(List.of("fill-mask", "--model", base.toString(), "a [MASK]."),
                List.of("prompt", "--model", base.toString(), "a fine film"))) {
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(1, r.exitCode(), args + ": " + r.out() + r.err());
            assertTrue(r.err().contains("electra has no masked-LM head"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        CliRunner.Result embed = CliRunner.run("embed", "--model", base.toString(), "--json", "a fine film");
        assertEquals(0, embed.exitCode(), embed.err());
    }

    @Test
    void unknownModelTypeIsOneLine() throws Exception {
        Path dir = TinyFamilies.write(tmp.resolve("gpt2"), "electra"); // a complete directory but for its model_type
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("\"model_type\":\"electra\"", "\"model_type\":\"gpt2\""));
        CliRunner.Result r = CliRunner.run("embed", "--model", dir.toString(), "a text");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("model_type 'gpt2' is not supported; tune4j runs bert, roberta"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    private static double[] probabilities(Path model) {
        CliRunner.Result p = CliRunner.run("predict", "--model", model.toString(), "--json", "great film", "awful plot");
        assertEquals(0, p.exitCode(), p.err());
        return p.out().strip().lines().flatMap(line -> JsonParser.parseString(line).getAsJsonObject()
                .getAsJsonObject("probabilities").entrySet().stream().map(e -> e.getValue().getAsDouble()))
                .mapToDouble(Double::doubleValue).toArray();
    }
}
