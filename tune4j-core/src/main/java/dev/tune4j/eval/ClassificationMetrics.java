package dev.tune4j.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Metrics of a single-label classifier on a labelled set, computed from per-example class probabilities.
 *
 * <p>The prediction is the argmax of the probabilities; on a tie the lower class index wins, as with
 * {@code numpy.argmax}. Zero-denominator ratios are 0 (see {@link ClassScore}).
 *
 * @param labels class names in index order, distinct
 * @param accuracy the fraction of examples whose prediction equals the gold label
 * @param perClass one score per label, in label order
 * @param macro the unweighted mean over classes (see {@link AverageScore#macro})
 * @param weighted the support-weighted mean over classes
 * @param confusion counts indexed {@code [gold][predicted]}
 * @param logLoss mean cross-entropy of the gold class, its probability clipped below at {@link #LOG_LOSS_EPS}
 * @param roc the ROC curve of the probability of class 1; present only for two classes that both occur
 *     among the gold labels, because ROC-AUC is undefined otherwise
 */
public record ClassificationMetrics(
        List<String> labels,
        double accuracy,
        List<ClassScore> perClass,
        AverageScore macro,
        AverageScore weighted,
        long[][] confusion,
        double logLoss,
        Optional<RocCurve> roc) implements Metrics {

    /**
     * The floor for a gold-class probability in the log loss: the float32 machine epsilon, which is
     * what scikit-learn's {@code log_loss} uses for float32 input, so one confidently wrong example
     * costs about 15.9 nats rather than infinity. Rows are not renormalised; they should be softmax output.
     */
    public static final double LOG_LOSS_EPS = Math.ulp(1f);

    public ClassificationMetrics {
        labels = List.copyOf(labels);
        perClass = List.copyOf(perClass);
        int k = labels.size();
        if (k < 2) {
            throw new IllegalArgumentException("a classifier needs >= 2 labels but got " + labels);
        }
        if (new HashSet<>(labels).size() != k) {
            throw new IllegalArgumentException("labels must be distinct but got " + labels);
        }
        if (perClass.size() != k || confusion.length != k) {
            throw new IllegalArgumentException("expected " + k + " per-class scores and confusion rows but got "
                    + perClass.size() + " and " + confusion.length);
        }
        confusion = copy(confusion, k);
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1] but was " + accuracy);
        }
        if (!(logLoss >= 0)) {
            throw new IllegalArgumentException("log loss must be >= 0 but was " + logLoss);
        }
        if (roc == null) {
            throw new IllegalArgumentException("roc must be Optional.empty(), not null");
        }
    }

    /**
     * Metrics of {@code probs} (N, K) against {@code gold} (N) class indices.
     *
     * @throws IllegalArgumentException if shapes disagree, a gold index is out of range, a probability is
     *     not finite, or there are no examples
     */
    public static ClassificationMetrics compute(int[] gold, float[][] probs, List<String> labelNames) {
        int k = labelNames.size();
        requireShapes(gold, probs, k);
        long[][] confusion = new long[k][k];
        double crossEntropy = 0;
        for (int i = 0; i < gold.length; i++) {
            confusion[gold[i]][argmax(probs[i])]++;
            crossEntropy -= Math.log(Math.max(probs[i][gold[i]], LOG_LOSS_EPS));
        }
        List<ClassScore> perClass = scores(labelNames, confusion);
        long correct = 0;
        for (int c = 0; c < k; c++) {
            correct += confusion[c][c];
        }
        return new ClassificationMetrics(labelNames, (double) correct / gold.length, perClass,
                AverageScore.macro(perClass), AverageScore.weighted(perClass), confusion,
                crossEntropy / gold.length, rocCurve(gold, probs));
    }

    /**
     * The ROC curve of the probability of class 1 for a binary problem; empty when there are not exactly
     * two classes or one of them has no gold example.
     */
    public static Optional<RocCurve> rocCurve(int[] gold, float[][] probs) {
        if (probs.length == 0 || probs[0].length != 2) {
            return Optional.empty();
        }
        requireShapes(gold, probs, 2);
        boolean[] positive = new boolean[gold.length];
        double[] scores = new double[gold.length];
        for (int i = 0; i < gold.length; i++) {
            positive[i] = gold[i] == 1;
            scores[i] = probs[i][1];
        }
        return RocCurve.of(positive, scores);
    }

    /** ROC-AUC for a binary problem with both classes present; empty otherwise. */
    public OptionalDouble rocAuc() {
        return roc.map(r -> OptionalDouble.of(r.auc())).orElse(OptionalDouble.empty());
    }

    public double macroF1() {
        return macro.f1();
    }

    public double weightedF1() {
        return weighted.f1();
    }

    /** The number of evaluated examples. */
    public long examples() {
        long n = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    @Override
    public long[][] confusion() {
        return copy(confusion, confusion.length);
    }

    /** Compares the confusion matrix by content, which a record's generated equals would not. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationMetrics m && labels.equals(m.labels) && accuracy == m.accuracy
                && perClass.equals(m.perClass) && macro.equals(m.macro) && weighted.equals(m.weighted)
                && Arrays.deepEquals(confusion, m.confusion) && logLoss == m.logLoss && roc.equals(m.roc);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, accuracy, perClass, macro, weighted, Arrays.deepHashCode(confusion), logLoss, roc);
    }

    /**
     * The metrics under stable snake_case keys; {@code roc_auc} is JSON null when undefined. The ROC
     * points are left out to keep the document small; use {@link #roc()}.
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("examples", examples());
        json.addProperty("accuracy", accuracy);
        json.addProperty("macro_precision", macro.precision());
        json.addProperty("macro_recall", macro.recall());
        json.addProperty("macro_f1", macro.f1());
        json.addProperty("weighted_precision", weighted.precision());
        json.addProperty("weighted_recall", weighted.recall());
        json.addProperty("weighted_f1", weighted.f1());
        json.addProperty("log_loss", logLoss);
        OptionalDouble auc = rocAuc();
        json.add("roc_auc", auc.isPresent() ? new JsonPrimitive(auc.getAsDouble()) : JsonNull.INSTANCE);
        JsonObject classes = new JsonObject();
        perClass.forEach(s -> classes.add(s.label(), s.toJson()));
        json.add("per_class", classes);
        JsonArray matrix = new JsonArray();
        for (long[] row : confusion) {
            JsonArray r = new JsonArray();
            for (long c : row) {
                r.add(c);
            }
            matrix.add(r);
        }
        json.add("confusion_matrix", matrix);
        JsonArray names = new JsonArray();
        labels.forEach(names::add);
        json.add("labels", names);
        return json;
    }

    /** A report like scikit-learn's {@code classification_report}, then log loss, ROC-AUC and the confusion matrix. */
    public String toText() {
        MetricsText text = new MetricsText(labels).header();
        perClass.forEach(text::row);
        long n = examples();
        text.blank()
                .single("accuracy", accuracy, n)
                .row("macro avg", macro, n)
                .row("weighted avg", weighted, n)
                .blank()
                .line(String.format(Locale.ROOT, "log loss: %.4f", logLoss));
        OptionalDouble auc = rocAuc();
        if (auc.isPresent()) {
            text.line(String.format(Locale.ROOT, "ROC-AUC:  %.4f", auc.getAsDouble()));
        }
        return text.blank().confusion(labels, confusion).toString();
    }

    private static List<ClassScore> scores(List<String> labels, long[][] confusion) {
        int k = labels.size();
        List<ClassScore> scores = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            long predicted = 0;
            long support = 0;
            for (int o = 0; o < k; o++) {
                predicted += confusion[o][c];
                support += confusion[c][o];
            }
            scores.add(ClassScore.fromCounts(labels.get(c), confusion[c][c], predicted, support));
        }
        return scores;
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    private static void requireShapes(int[] gold, float[][] probs, int k) {
        if (gold.length == 0 || gold.length != probs.length) {
            throw new IllegalArgumentException("need the same, non-zero number of gold labels (" + gold.length
                    + ") and probability rows (" + probs.length + ")");
        }
        for (int i = 0; i < gold.length; i++) {
            if (probs[i].length != k) {
                throw new IllegalArgumentException("probability row " + i + " has " + probs[i].length
                        + " values but there are " + k + " labels");
            }
            if (gold[i] < 0 || gold[i] >= k) {
                throw new IllegalArgumentException("gold label " + gold[i] + " of example " + i
                        + " is not in [0, " + k + ")");
            }
            for (float p : probs[i]) {
                if (!Float.isFinite(p)) {
                    throw new IllegalArgumentException("probability row " + i + " holds " + p);
                }
            }
        }
    }

    private static long[][] copy(long[][] matrix, int k) {
        long[][] copy = new long[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            if (matrix[i].length != k) {
                throw new IllegalArgumentException("confusion row " + i + " has " + matrix[i].length
                        + " columns but there are " + k + " labels");
            }
            copy[i] = matrix[i].clone();
        }
        return copy;
    }
}
