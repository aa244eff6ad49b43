package dev.tune4j.train;

import dev.tune4j.eval.MultiLabelMetrics;
import java.util.Arrays;
import java.util.List;

/**
 * Predictions on a labelled set. An example's predicted labels are its most probable one, or for
 * multi-label every label with probability ≥ {@link MultiLabelMetrics#DEFAULT_THRESHOLD}; the scores
 * compare those sets with the gold ones, so one definition serves both problems.
 *
 * @param loss mean loss: cross-entropy, or binary cross-entropy over the labels for multi-label
 * @param probs probabilities per example: a softmax, or a sigmoid per label
 * @param labels gold label ids per example
 * @param multiLabel whether an example may carry several labels
 */
public record Evaluation(double loss, float[][] probs, List<int[]> labels, boolean multiLabel) {

    public Evaluation {
        labels = List.copyOf(labels);
        if (probs.length != labels.size() || probs.length == 0) {
            throw new IllegalArgumentException("need as many probability rows (" + probs.length + ") as gold rows ("
                    + labels.size() + "), at least one");
        }
    }

    /** Single-label predictions against one gold class per example. */
    public Evaluation(double loss, float[][] probs, int[] labels) {
        this(loss, probs, Arrays.stream(labels).mapToObj(l -> new int[] {l}).toList(), false);
    }

    public static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Share of examples whose predicted label set is the gold set: accuracy, or subset accuracy for multi-label. */
    public double accuracy() {
        return (double) counts().exact / labels.size();
    }

    /** Unweighted mean over labels of F1; a label never predicted nor present scores 0. */
    public double macroF1() {
        Counts k = counts();
        double sum = 0;
        for (int c = 0; c < k.tp.length; c++) {
            sum += f1(k.tp[c], k.fp[c], k.fn[c]);
        }
        return sum / k.tp.length;
    }

    /** F1 of all (example, label) decisions pooled; for single-label it equals the accuracy. */
    public double microF1() {
        Counts k = counts();
        return f1(Arrays.stream(k.tp).sum(), Arrays.stream(k.fp).sum(), Arrays.stream(k.fn).sum());
    }

    private static double f1(long tp, long fp, long fn) {
        long denom = 2 * tp + fp + fn;
        return denom == 0 ? 0 : 2.0 * tp / denom;
    }

    private record Counts(long[] tp, long[] fp, long[] fn, long exact) {}

    private Counts counts() {
        int c = probs[0].length;
        long[] tp = new long[c];
        long[] fp = new long[c];
        long[] fn = new long[c];
        long exact = 0;
        for (int i = 0; i < probs.length; i++) {
            boolean[] gold = new boolean[c];
            for (int label : labels.get(i)) {
                gold[label] = true;
            }
            boolean[] predicted = predicted(probs[i]);
            boolean same = true;
            for (int k = 0; k < c; k++) {
                tp[k] += predicted[k] && gold[k] ? 1 : 0;
                fp[k] += predicted[k] && !gold[k] ? 1 : 0;
                fn[k] += !predicted[k] && gold[k] ? 1 : 0;
                same &= predicted[k] == gold[k];
            }
            exact += same ? 1 : 0;
        }
        return new Counts(tp, fp, fn, exact);
    }

    private boolean[] predicted(float[] p) {
        boolean[] out = new boolean[p.length];
        if (!multiLabel) {
            out[argmax(p)] = true;
            return out;
        }
        for (int k = 0; k < p.length; k++) {
            out[k] = p[k] >= MultiLabelMetrics.DEFAULT_THRESHOLD;
        }
        return out;
    }
}
