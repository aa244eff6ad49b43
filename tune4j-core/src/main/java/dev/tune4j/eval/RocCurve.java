package dev.tune4j.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * A receiver operating characteristic curve of a binary scorer and the area under it.
 *
 * <p>There is one point per distinct score, from (0, 0) to (1, 1), like scikit-learn's {@code roc_curve}
 * with {@code drop_intermediate=False}: examples with equal scores enter together, so ties make a
 * diagonal step. The area is the rank statistic (Mann–Whitney U with mid-ranks), which equals the
 * trapezoidal area under exactly these points.
 *
 * @param fpr false-positive rates, non-decreasing, from 0 to 1
 * @param tpr true-positive rates, non-decreasing, from 0 to 1
 * @param auc the probability that a random positive scores above a random negative, ties counting half
 */
public record RocCurve(double[] fpr, double[] tpr, double auc) {

    public RocCurve {
        if (fpr.length != tpr.length || fpr.length < 2) {
            throw new IllegalArgumentException("a ROC curve needs >= 2 points with as many fpr (" + fpr.length
                    + ") as tpr (" + tpr.length + ") values");
        }
        if (!(auc >= 0 && auc <= 1)) {
            throw new IllegalArgumentException("auc must be in [0, 1] but was " + auc);
        }
        fpr = fpr.clone();
        tpr = tpr.clone();
    }

    /** The curve of {@code scores} against {@code positive}; empty when either class has no example. */
    public static Optional<RocCurve> of(boolean[] positive, double[] scores) {
        OptionalDouble auc = auc(positive, scores);
        if (auc.isEmpty()) {
            return Optional.empty();
        }
        long positives = count(positive, true);
        long negatives = positive.length - positives;
        Integer[] order = byScoreDescending(scores);
        double[] fpr = new double[scores.length + 1];
        double[] tpr = new double[scores.length + 1];
        int points = 1;
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < order.length; i++) {
            if (positive[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = i == order.length - 1 || scores[order[i + 1]] != scores[order[i]];
            if (lastOfTie) {
                fpr[points] = (double) fp / negatives;
                tpr[points] = (double) tp / positives;
                points++;
            }
        }
        return Optional.of(new RocCurve(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), auc.getAsDouble()));
    }

    /**
     * ROC-AUC by the rank statistic: (sum of positive mid-ranks − P(P+1)/2) / (P·N). Empty when there is
     * no positive or no negative example, where the area is undefined.
     */
    public static OptionalDouble auc(boolean[] positive, double[] scores) {
        requireScores(positive, scores);
        long positives = count(positive, true);
        long negatives = positive.length - positives;
        if (positives == 0 || negatives == 0) {
            return OptionalDouble.empty();
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1; // ranks are 1-based
            for (int i = start; i <= end; i++) {
                if (positive[order[i]]) {
                    positiveRankSum += midRank;
                }
            }
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return OptionalDouble.of(u / ((double) positives * negatives));
    }

    @Override
    public double[] fpr() {
        return fpr.clone();
    }

    @Override
    public double[] tpr() {
        return tpr.clone();
    }

    /** Compares the points by content, which a record's generated equals would not. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve r && Arrays.equals(fpr, r.fpr) && Arrays.equals(tpr, r.tpr) && auc == r.auc;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr)) + Double.hashCode(auc);
    }

    private static Integer[] byScoreDescending(double[] scores) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return order;
    }

    private static void requireScores(boolean[] positive, double[] scores) {
        if (positive.length != scores.length) {
            throw new IllegalArgumentException(
                    "got " + positive.length + " labels but " + scores.length + " scores");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
        }
    }

    private static long count(boolean[] values, boolean wanted) {
        long n = 0;
        for (boolean v : values) {
            if (v == wanted) {
                n++;
            }
        }
        return n;
    }
}
