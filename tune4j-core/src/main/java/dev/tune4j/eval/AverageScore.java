package dev.tune4j.eval;

import com.google.gson.JsonObject;
import java.util.List;

/** Precision, recall and F1 averaged over classes, by a {@link #macro} or {@link #weighted} mean. */
public record AverageScore(double precision, double recall, double f1) {

    public AverageScore {
        for (double v : new double[] {precision, recall, f1}) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("averaged scores must be in [0, 1] but got " + v);
            }
        }
    }

    /**
     * The unweighted mean over every class, including classes with no gold example (which score 0
     * recall): a rare class counts as much as a frequent one. F1 is the mean of per-class F1, not the
     * F1 of the mean precision and recall, as in scikit-learn.
     */
    public static AverageScore macro(List<ClassScore> scores) {
        requireNonEmpty(scores);
        double p = 0;
        double r = 0;
        double f = 0;
        for (ClassScore s : scores) {
            p += s.precision();
            r += s.recall();
            f += s.f1();
        }
        int n = scores.size();
        return new AverageScore(clamp(p / n), clamp(r / n), clamp(f / n));
    }

    /** The mean weighted by support; all zeros when no class has support. */
    public static AverageScore weighted(List<ClassScore> scores) {
        requireNonEmpty(scores);
        double p = 0;
        double r = 0;
        double f = 0;
        long total = 0;
        for (ClassScore s : scores) {
            p += s.precision() * s.support();
            r += s.recall() * s.support();
            f += s.f1() * s.support();
            total += s.support();
        }
        if (total == 0) {
            return new AverageScore(0, 0, 0);
        }
        return new AverageScore(clamp(p / total), clamp(r / total), clamp(f / total));
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("precision", precision);
        json.addProperty("recall", recall);
        json.addProperty("f1", f1);
        return json;
    }

    private static void requireNonEmpty(List<ClassScore> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("cannot average the scores of zero classes");
        }
    }

    /** Summing many values in [0, 1] can overshoot 1 by an ulp. */
    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
