package dev.tune4j.train;

import dev.tune4j.eval.MultiLabelMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

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

    /**
     * The scores of the predicted label sets against the gold ones, counted by {@link MultiLabelMetrics}:
     * a single-label example's predicted set is its argmax alone, so its subset accuracy is the accuracy.
     */
    public MultiLabelMetrics scores() {
        float[][] decided = multiLabel ? probs : new float[probs.length][];
        if (!multiLabel) {
            for (int i = 0; i < probs.length; i++) {
                decided[i] = new float[probs[i].length];
                decided[i][argmax(probs[i])] = 1f;
            }
        }
        List<String> names = IntStream.range(0, probs[0].length).mapToObj(String::valueOf).toList();
        return MultiLabelMetrics.compute(labels, decided, names, MultiLabelMetrics.DEFAULT_THRESHOLD);
    }
}
