package dev.tune4j.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Metrics of a multi-label classifier, where each example may carry any subset of the labels and each
 * label is predicted when its probability is at least {@code threshold}.
 *
 * @param labels label names in index order, distinct
 * @param threshold the probability from which a label is predicted
 * @param examples the number of evaluated examples
 * @param subsetAccuracy the fraction of examples whose whole predicted label set equals the gold set
 * @param hammingLoss the fraction of (example, label) decisions that are wrong
 * @param micro precision, recall and F1 of the pooled decisions of all labels
 * @param macro the unweighted mean of the per-label scores
 * @param perLabel one score per label; support is the number of examples that carry it
 */
public record MultiLabelMetrics(
        List<String> labels,
        float threshold,
        long examples,
        double subsetAccuracy,
        double hammingLoss,
        AverageScore micro,
        AverageScore macro,
        List<ClassScore> perLabel) implements Metrics {

    /** The usual cut (Hugging Face's pipelines too): a label is predicted when the model finds it at least as likely as not. */
    public static final float DEFAULT_THRESHOLD = 0.5f;

    public MultiLabelMetrics {
        labels = List.copyOf(labels);
        perLabel = List.copyOf(perLabel);
        if (labels.isEmpty() || new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("labels must be non-empty and distinct but got " + labels);
        }
        if (perLabel.size() != labels.size()) {
            throw new IllegalArgumentException(
                    "expected " + labels.size() + " per-label scores but got " + perLabel.size());
        }
        if (!Float.isFinite(threshold) || examples <= 0) {
            throw new IllegalArgumentException(
                    "need a finite threshold and > 0 examples but got " + threshold + " and " + examples);
        }
        if (!(subsetAccuracy >= 0 && subsetAccuracy <= 1 && hammingLoss >= 0 && hammingLoss <= 1)) {
            throw new IllegalArgumentException("subset accuracy (" + subsetAccuracy + ") and hamming loss ("
                    + hammingLoss + ") must be in [0, 1]");
        }
    }

    /** Metrics of {@code probs} (N, L) against each example's gold label ids. */
    public static MultiLabelMetrics compute(List<int[]> gold, float[][] probs, List<String> labels, float threshold) {
        boolean[][] members = new boolean[gold.size()][labels.size()];
        for (int i = 0; i < members.length; i++) {
            for (int id : gold.get(i)) {
                if (id < 0 || id >= labels.size()) {
                    throw new IllegalArgumentException("example " + i + " has label id " + id + ", outside 0.."
                            + (labels.size() - 1));
                }
                members[i][id] = true;
            }
        }
        return compute(members, probs, labels, threshold);
    }

    /** Metrics of {@code probs} (N, L) against {@code gold} (N, L) label memberships. */
    public static MultiLabelMetrics compute(boolean[][] gold, float[][] probs, List<String> labels, float threshold) {
        int l = labels.size();
        requireShapes(gold, probs, l);
        long[] truePositives = new long[l];
        long[] predicted = new long[l];
        long[] support = new long[l];
        long exact = 0;
        long wrong = 0;
        for (int i = 0; i < gold.length; i++) {
            int wrongHere = 0;
            for (int j = 0; j < l; j++) {
                boolean p = probs[i][j] >= threshold;
                if (p) {
                    predicted[j]++;
                }
                if (gold[i][j]) {
                    support[j]++;
                }
                if (p && gold[i][j]) {
                    truePositives[j]++;
                }
                if (p != gold[i][j]) {
                    wrongHere++;
                }
            }
            wrong += wrongHere;
            exact += wrongHere == 0 ? 1 : 0;
        }
        List<ClassScore> perLabel = new ArrayList<>(l);
        for (int j = 0; j < l; j++) {
            perLabel.add(ClassScore.fromCounts(labels.get(j), truePositives[j], predicted[j], support[j]));
        }
        ClassScore pooled = ClassScore.fromCounts("micro", sum(truePositives), sum(predicted), sum(support));
        AverageScore micro = new AverageScore(pooled.precision(), pooled.recall(), pooled.f1());
        int n = gold.length;
        return new MultiLabelMetrics(labels, threshold, n, (double) exact / n, (double) wrong / ((long) n * l),
                micro, AverageScore.macro(perLabel), perLabel);
    }

    public double microF1() {
        return micro.f1();
    }

    public double macroF1() {
        return macro.f1();
    }

    /** The metrics under stable snake_case keys, per-label scores under {@code per_label}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("examples", examples);
        json.addProperty("threshold", threshold);
        json.addProperty("subset_accuracy", subsetAccuracy);
        json.addProperty("hamming_loss", hammingLoss);
        json.addProperty("micro_precision", micro.precision());
        json.addProperty("micro_recall", micro.recall());
        json.addProperty("micro_f1", micro.f1());
        json.addProperty("macro_precision", macro.precision());
        json.addProperty("macro_recall", macro.recall());
        json.addProperty("macro_f1", macro.f1());
        JsonObject perLabelJson = new JsonObject();
        perLabel.forEach(s -> perLabelJson.add(s.label(), s.toJson()));
        json.add("per_label", perLabelJson);
        JsonArray names = new JsonArray();
        labels.forEach(names::add);
        json.add("labels", names);
        return json;
    }

    /** A per-label table like scikit-learn's multi-label {@code classification_report}, then the set metrics. */
    public String toText() {
        MetricsText text = new MetricsText(labels).header();
        perLabel.forEach(text::row);
        long support = perLabel.stream().mapToLong(ClassScore::support).sum();
        return text.blank()
                .row("micro avg", micro, support)
                .row("macro avg", macro, support)
                .blank()
                .line(String.format(Locale.ROOT, "subset accuracy: %.4f", subsetAccuracy))
                .line(String.format(Locale.ROOT, "hamming loss:    %.4f", hammingLoss))
                .line(String.format(Locale.ROOT, "threshold:       %s (predicted when probability >= threshold)",
                        threshold))
                .line("examples:        " + examples)
                .toString();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    private static void requireShapes(boolean[][] gold, float[][] probs, int l) {
        if (gold.length == 0 || gold.length != probs.length) {
            throw new IllegalArgumentException("need the same, non-zero number of gold rows (" + gold.length
                    + ") and probability rows (" + probs.length + ")");
        }
        for (int i = 0; i < gold.length; i++) {
            if (gold[i].length != l || probs[i].length != l) {
                throw new IllegalArgumentException("row " + i + " has " + gold[i].length + " gold and "
                        + probs[i].length + " probability values but there are " + l + " labels");
            }
            for (float p : probs[i]) {
                if (Float.isNaN(p)) {
                    throw new IllegalArgumentException("probability row " + i + " holds NaN");
                }
            }
        }
    }
}
