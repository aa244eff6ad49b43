package dev.tune4j.cli.report;

import dev.tune4j.eval.ClassificationMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plausible report data for tests, and a {@code main} that renders examples into a directory to look
 * at: {@code java ... dev.tune4j.cli.report.ExampleReports /tmp/report-example}.
 */
final class ExampleReports {

    private ExampleReports() {}

    static ReportData binary(int epochs) {
        return new ReportData("sst2 · bert-base-uncased · LoRA r=8", summary(epochs), epochRows(epochs),
                metrics(List.of("negative", "positive"), 872, 0.91, 7), provenance());
    }

    static ReportData multiClass(List<String> labels) {
        return new ReportData("topics <b>demo</b>", summary(4), epochRows(4), metrics(labels, 600, 0.78, 11),
                provenance());
    }

    static Map<String, String> summary(int epochs) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("model", "bert-base-uncased");
        s.put("method", "LoRA (r=8, alpha=16) on query,value");
        s.put("data", "glue/sst2 train.tsv");
        s.put("examples train / val", "67,349 / 872");
        s.put("epochs", Integer.toString(epochs));
        s.put("best epoch", "3");
        s.put("best val loss", "0.2417");
        s.put("accuracy", "0.9106");
        s.put("macro F1", "0.9104");
        s.put("wall time", "41 min 12 s");
        s.put("throughput", "27.3 examples/s");
        return s;
    }

    /** Loss falling and accuracy rising with noise; epoch 3 is best; epoch 5 skipped evaluation. */
    static List<EpochRow> epochRows(int n) {
        Random r = new Random(1);
        List<EpochRow> rows = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            double train = 0.65 * Math.exp(-0.45 * e) + 0.05 + 0.01 * r.nextDouble();
            double val = e == 5 ? Double.NaN : 0.24 + 0.02 * Math.abs(e - 3) + 0.01 * r.nextDouble();
            double acc = e == 5 ? Double.NaN : Math.min(0.95, 0.84 + 0.025 * Math.min(e, 3) - 0.004 * Math.max(0, e - 3));
            rows.add(new EpochRow(e, train, val, acc, 2e-5 * (1 - (e - 1.0) / n), 612.4 + r.nextDouble() * 20, e == 3));
        }
        return rows;
    }

    /** Metrics from random probabilities that favour the gold class with probability about {@code skill}. */
    static ClassificationMetrics metrics(List<String> labels, int n, double skill, long seed) {
        Random r = new Random(seed);
        int k = labels.size();
        int[] gold = new int[n];
        float[][] probs = new float[n][k];
        for (int i = 0; i < n; i++) {
            gold[i] = (int) Math.floor(Math.pow(r.nextDouble(), 1.3) * k);
            int favoured = r.nextDouble() < skill ? gold[i] : r.nextInt(k);
            double sum = 0;
            double[] logits = new double[k];
            for (int c = 0; c < k; c++) {
                logits[c] = Math.exp(r.nextGaussian() + (c == favoured ? 2.5 : 0));
                sum += logits[c];
            }
            for (int c = 0; c < k; c++) {
                probs[i][c] = (float) (logits[c] / sum);
            }
        }
        return ClassificationMetrics.compute(gold, probs, labels);
    }

    static String provenance() {
        return """
                {
                  "tune4j": "0.1.0-SNAPSHOT",
                  "java": "17.0.15",
                  "os": "Linux amd64",
                  "seed": 42,
                  "data_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                  "note": "<script>alert('x')</script> & friends"
                }""";
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/report-example");
        HtmlReport.write(dir, binary(8));
        HtmlReport.write(dir.resolve("multiclass"), multiClass(List.of("world", "sports", "business",
                "science & technology", "<script>alert(1)</script>")));
        HtmlReport.write(dir.resolve("single-epoch"), binary(1));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add("intent_" + i + (i % 3 == 0 ? "_with_a_rather_long_name" : ""));
        }
        HtmlReport.write(dir.resolve("many"), multiClass(many));
        System.out.println("wrote " + dir.toAbsolutePath());
    }
}
