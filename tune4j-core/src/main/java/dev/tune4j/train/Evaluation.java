package dev.tune4j.train;

/**
 * Predictions on a labelled set.
 *
 * @param loss mean cross-entropy
 * @param probs class probabilities per example
 * @param labels gold class per example
 */
public record Evaluation(double loss, float[][] probs, int[] labels) {

    public static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    public double accuracy() {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += argmax(probs[i]) == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    /** Unweighted mean over classes of F1; a class never predicted nor present scores 0. */
    public double macroF1() {
        int c = probs[0].length;
        long[] tp = new long[c];
        long[] fp = new long[c];
        long[] fn = new long[c];
        for (int i = 0; i < labels.length; i++) {
            int p = argmax(probs[i]);
            if (p == labels[i]) {
                tp[p]++;
            } else {
                fp[p]++;
                fn[labels[i]]++;
            }
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            long denom = 2 * tp[k] + fp[k] + fn[k];
            sum += denom == 0 ? 0 : 2.0 * tp[k] / denom;
        }
        return sum / c;
    }
}
