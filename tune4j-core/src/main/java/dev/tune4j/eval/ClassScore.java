package dev.tune4j.eval;

import com.google.gson.JsonObject;

/**
 * Precision, recall and F1 of one class, and its support (the number of gold examples of that class).
 *
 * <p>A ratio with a zero denominator is 0, as with scikit-learn's {@code zero_division=0}: a class that
 * is never predicted has precision 0, and a class absent from the gold labels has recall 0.
 */
public record ClassScore(String label, double precision, double recall, double f1, long support) {

    public ClassScore {
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
        requireUnit("precision", precision);
        requireUnit("recall", recall);
        requireUnit("f1", f1);
        if (support < 0) {
            throw new IllegalArgumentException("support must be >= 0 but was " + support);
        }
    }

    /** Scores from counts: true positives, predicted positives and gold positives. */
    public static ClassScore fromCounts(String label, long truePositives, long predicted, long support) {
        if (truePositives > predicted || truePositives > support) {
            throw new IllegalArgumentException("true positives (" + truePositives + ") exceed predicted ("
                    + predicted + ") or support (" + support + ") for '" + label + "'");
        }
        double precision = ratio(truePositives, predicted);
        double recall = ratio(truePositives, support);
        return new ClassScore(label, precision, recall, f1(precision, recall), support);
    }

    /** Harmonic mean of precision and recall; 0 when both are 0. */
    static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("precision", precision);
        json.addProperty("recall", recall);
        json.addProperty("f1", f1);
        json.addProperty("support", support);
        return json;
    }

    private static void requireUnit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] but was " + value);
        }
    }
}
