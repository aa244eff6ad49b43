package dev.tune4j.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Classifier;
import dev.tune4j.TinyPretrained;
import dev.tune4j.cli.Main;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import dev.tune4j.spark.LocalSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `tune4j spark predict|embed|train` in-process on local[2], against the single-process commands. */
class SparkCommandsTest {

    record Result(int exitCode, String out, String err) {}

    @TempDir
    static Path tmp;

    private static Path pretrained;
    private static Path csv;
    private static Path model;
    private static List<String> texts;

    @BeforeAll
    static void setUp() throws Exception {
        // The commands reuse a running session rather than start (and stop) their own.
        LocalSpark.session();
        pretrained = TinyPretrained.write(tmp.resolve("tiny-bert"));
        csv = TinyPretrained.writeCsv(tmp.resolve("reviews.csv"), TinyPretrained.sentiment(200, 3));
        Result local = local("train", "--data", csv.toString(), "--model", pretrained.toString(), "--method",
                "feature-extraction", "--dtype", "fp32", "--no-feature-cache", "--epochs", "25", "--lr", "3e-3", "--batch-size", "16",
                "--max-length", "32", "--seed", "7", "--out", tmp.resolve("runs/local").toString());
        assertEquals(0, local.exitCode(), local.err());
        model = tmp.resolve("runs/local/model");
        // Ids, a text with a comma and quotes, an empty text, and a column after the text.
        texts = new ArrayList<>(TinyPretrained.sentiment(40, 11).texts());
        texts.set(5, "");
        texts.set(9, "great, \"wonderful\" film");
        List<String> lines = new ArrayList<>(List.of("id,text,source"));
        for (int i = 0; i < texts.size(); i++) {
            lines.add("r" + i + ",\"" + texts.get(i).replace("\"", "\"\"") + "\",s" + i);
        }
        Files.write(tmp.resolve("in.csv"), lines, StandardCharsets.UTF_8);
    }

    static Result spark(String... args) {
        CommandLine cli = SparkMain.commandLine();
        return capture(cli, args);
    }

    static Result local(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return capture(cli, args);
    }

    private static Result capture(CommandLine cli, String... args) {
        dev.tune4j.engine.Offline.ensure();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static List<String> nonEmpty() {
        return texts.stream().filter(t -> !t.isEmpty()).toList();
    }

    @Test
    void predictCsvKeepsEveryColumnAndRowAndMatchesLocalPredict() throws Exception {
        Path out = tmp.resolve("predicted.jsonl");
        Result r = spark("predict", "--model", model.toString(), "--input", tmp.resolve("in.csv").toString(),
                "--output", out.toString(), "--master", "local[2]");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(out), "one file");
        List<String> lines = Files.readAllLines(out);
        assertEquals(texts.size(), lines.size());
        float[][] expected;
        try (Classifier local = Classifier.load(model)) {
            expected = local.predictProba(nonEmpty());
            assertEquals(List.of("negative", "positive"), local.labels());
        }
        int k = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(List.of("id", "text", "source", "prediction", "probability"), List.copyOf(o.keySet()));
            assertEquals("r" + i, o.get("id").getAsString());
            assertEquals("s" + i, o.get("source").getAsString());
            if (texts.get(i).isEmpty()) {
                assertTrue(o.get("prediction").isJsonNull() && o.get("probability").isJsonNull(), lines.get(i));
                continue;
            }
            assertEquals(texts.get(i), o.get("text").getAsString());
            JsonArray p = o.getAsJsonArray("probability");
            for (int c = 0; c < 2; c++) {
                assertEquals(expected[k][c], p.get(c).getAsDouble(), 1e-5);
            }
            assertEquals(expected[k][1] > expected[k][0] ? "positive" : "negative", o.get("prediction").getAsString());
            k++;
        }
    }

    @Test
    void predictWritesCsvAndParquetInInputOrder() throws Exception {
        Path outCsv = tmp.resolve("predicted.csv");
        assertEquals(0, spark("predict", "--model", model.toString(), "--input", tmp.resolve("in.csv").toString(),
                "--output", outCsv.toString(), "--master", "local[2]").exitCode());
        List<String> lines = Files.readAllLines(outCsv);
        assertEquals("id,text,source,prediction,probability", lines.get(0));
        assertEquals(texts.size() + 1, lines.size());
        assertTrue(lines.get(1).startsWith("r0,"), lines.get(1));

        Path outParquet = tmp.resolve("predicted.parquet");
        assertEquals(0, spark("predict", "--model", model.toString(), "--input", tmp.resolve("in.csv").toString(),
                "--output", outParquet.toString(), "--master", "local[2]").exitCode());
        assertTrue(Files.isRegularFile(outParquet));
        List<Row> rows = LocalSpark.session().read().parquet(outParquet.toString())
                .collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals("r" + i, rows.get(i).getString(0));
        }
        assertNull(rows.get(5).get(3));
        assertEquals(2, rows.get(0).getList(4).size());
    }

    @Test
    void embedMatchesLocalEmbed() throws Exception {
        Path out = tmp.resolve("embedded.jsonl");
        Result r = spark("embed", "--model", pretrained.toString(), "--pooling", "mean", "--input",
                tmp.resolve("in.csv").toString(), "--output", out.toString(), "--master", "local[2]");
        assertEquals(0, r.exitCode(), r.err());
        float[][] expected;
        try (Embedder local = Embedder.load(pretrained, Pooling.MEAN)) {
            expected = local.embed(nonEmpty());
        }
        List<String> lines = Files.readAllLines(out);
        int k = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            if (texts.get(i).isEmpty()) {
                assertTrue(o.get("embedding").isJsonNull());
                continue;
            }
            JsonArray v = o.getAsJsonArray("embedding");
            assertEquals(expected[k].length, v.size());
            for (int d = 0; d < v.size(); d++) {
                assertEquals(expected[k][d], v.get(d).getAsDouble(), 1e-5);
            }
            k++;
        }
        assertEquals(nonEmpty().size(), k);
    }

    @Test
    void missingModelIsOneLineAndWritesNothing() {
        Path out = tmp.resolve("never.csv");
        Result r = spark("predict", "--model", tmp.resolve("no-model").toString(), "--input",
                tmp.resolve("in.csv").toString(), "--output", out.toString(), "--master", "local[2]");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("tune4j: " + tmp.resolve("no-model")), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void sparkTrainMatchesLocalTrainOnTheSameSplitAndSeed() throws Exception {
        Path run = tmp.resolve("runs/spark");
        Path store = tmp.resolve("features");
        Result r = spark("train", "--data", csv.toString(), "--model", pretrained.toString(), "--dtype", "fp32",
                "--epochs", "25", "--lr", "3e-3", "--batch-size", "16", "--max-length", "32", "--seed", "7", "--out", run.toString(),
                "--features", store.toString(), "--master", "local[2]");
        assertEquals(0, r.exitCode(), r.err());
        for (String f : List.of("model/config.json", "model/model.safetensors", "metrics.json", "run.json", "split.json",
                "report.html")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
        }
        Path local = tmp.resolve("runs/local");
        assertEquals(Files.readString(local.resolve("split.json")), Files.readString(run.resolve("split.json")));
        double sparkAccuracy = accuracy(run);
        double localAccuracy = accuracy(local);
        assertEquals(localAccuracy, sparkAccuracy, 0.005, "held-out accuracy, spark vs local");
        assertTrue(localAccuracy > 0.8, "the task is learnable: " + localAccuracy);

        // The Parquet store now holds every text: a second run computes nothing.
        // Progress and log lines go to System.err, as the local train's do.
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        Result again;
        try {
            again = spark("train", "--data", csv.toString(), "--model", pretrained.toString(), "--dtype", "fp32",
                    "--epochs", "1", "--max-length", "32", "--seed", "7", "--out", tmp.resolve("runs/spark2").toString(),
                    "--features", store.toString(), "--master", "local[2]");
        } finally {
            System.setErr(err);
        }
        String lines = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(lines.matches("(?s).*: ([0-9,]+) of \\1 texts found.*"), lines);
        assertFalse(lines.contains("computing features"), lines);
    }

    private static double accuracy(Path run) throws Exception {
        JsonObject metrics = JsonParser.parseString(Files.readString(run.resolve("metrics.json"))).getAsJsonObject();
        return metrics.getAsJsonObject("validation").get("accuracy").getAsDouble();
    }
}
