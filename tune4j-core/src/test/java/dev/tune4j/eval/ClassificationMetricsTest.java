package dev.tune4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final double TOL = 1e-9;
    private static final List<String> ABC = List.of("a", "b", "c");

    /**
     * Ten examples whose confusion matrix is
     * <pre>
     *        a  b  c   (predicted)
     *   a    3  1  0
     *   b    0  2  1
     *   c    2  0  1
     * </pre>
     * The predicted class gets probability 0.5 and the others 0.25, so the gold class has 0.5 when the
     * prediction is right and 0.25 when it is wrong.
     */
    private static ClassificationMetrics threeClass() {
        int[] gold = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] pred = {0, 0, 0, 1, 1, 1, 2, 2, 0, 0};
        float[][] probs = new float[gold.length][];
        for (int i = 0; i < gold.length; i++) {
            probs[i] = new float[] {0.25f, 0.25f, 0.25f};
            probs[i][pred[i]] = 0.5f;
        }
        return ClassificationMetrics.compute(gold, probs, ABC);
    }

    @Test
    void threeClassScoresMatchHandComputation() {
        ClassificationMetrics m = threeClass();

        assertArrayEquals(new long[] {3, 1, 0}, m.confusion()[0]);
        assertArrayEquals(new long[] {0, 2, 1}, m.confusion()[1]);
        assertArrayEquals(new long[] {2, 0, 1}, m.confusion()[2]);
        assertEquals(0.6, m.accuracy(), TOL);
        // predicted a 5 times (3 right), b 3 times (2 right), c twice (1 right)
        assertScore(m.perClass().get(0), 3 / 5.0, 3 / 4.0, 2 / 3.0, 4);
        assertScore(m.perClass().get(1), 2 / 3.0, 2 / 3.0, 2 / 3.0, 3);
        assertScore(m.perClass().get(2), 1 / 2.0, 1 / 3.0, 0.4, 3);
        assertEquals(53 / 90.0, m.macro().precision(), TOL);
        assertEquals(7 / 12.0, m.macro().recall(), TOL);
        assertEquals(26 / 45.0, m.macroF1(), TOL);
        assertEquals(44 / 75.0, m.weightedF1(), TOL); // (4·2/3 + 3·2/3 + 3·0.4) / 10
        assertEquals(1.4 * Math.log(2), m.logLoss(), 1e-6); // −(6 ln 0.5 + 4 ln 0.25) / 10
        assertTrue(m.rocAuc().isEmpty());
        assertEquals(10, m.examples());
    }

    @Test
    void neverPredictedClassHasZeroPrecisionAndAbsentClassZeroRecall() {
        // "c" is never predicted and never gold; "b" is gold once but never predicted.
        int[] gold = {0, 0, 1};
        float[][] probs = {{0.9f, 0.05f, 0.05f}, {0.8f, 0.1f, 0.1f}, {0.6f, 0.3f, 0.1f}};

        ClassificationMetrics m = ClassificationMetrics.compute(gold, probs, ABC);

        assertScore(m.perClass().get(1), 0, 0, 0, 1);
        assertScore(m.perClass().get(2), 0, 0, 0, 0);
        assertScore(m.perClass().get(0), 2 / 3.0, 1, 0.8, 2);
        assertEquals(0.8 / 3, m.macroF1(), TOL); // the absent class still counts in the macro mean
    }

    @Test
    void binaryAucWithTiesMatchesPairCounting() {
        // positives score 0.9, 0.6, 0.4; negatives 0.6, 0.4, 0.1. Of the 9 pairs the positive wins
        // 3 + (0.5 + 2) + (0.5 + 1) = 7, so AUC = 7/9.
        int[] gold = {1, 1, 1, 0, 0, 0};
        float[] p1 = {0.9f, 0.6f, 0.4f, 0.6f, 0.4f, 0.1f};
        float[][] probs = new float[6][];
        for (int i = 0; i < 6; i++) {
            probs[i] = new float[] {1 - p1[i], p1[i]};
        }

        ClassificationMetrics m = ClassificationMetrics.compute(gold, probs, List.of("neg", "pos"));

        assertEquals(7 / 9.0, m.rocAuc().orElseThrow(), TOL);
        RocCurve roc = m.roc().orElseThrow();
        assertArrayEquals(new double[] {0, 0, 1 / 3.0, 2 / 3.0, 1}, roc.fpr(), TOL);
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 1, 1}, roc.tpr(), TOL);
        assertEquals(roc.auc(), trapezoid(roc.fpr(), roc.tpr()), TOL);
    }

    @Test
    void aucIsAbsentWhenOneClassIsMissing() {
        int[] gold = {1, 1};
        float[][] probs = {{0.2f, 0.8f}, {0.6f, 0.4f}};

        ClassificationMetrics m = ClassificationMetrics.compute(gold, probs, List.of("neg", "pos"));

        assertTrue(m.rocAuc().isEmpty());
        assertTrue(m.roc().isEmpty());
        assertTrue(m.toJson().get("roc_auc").isJsonNull());
    }

    @Test
    void logLossClipsZeroProbability() {
        float[][] probs = {{1f, 0f}, {0f, 1f}};

        ClassificationMetrics m = ClassificationMetrics.compute(new int[] {1, 1}, probs, List.of("x", "y"));

        assertEquals(-Math.log(ClassificationMetrics.LOG_LOSS_EPS) / 2, m.logLoss(), 1e-9);
    }

    @Test
    void argmaxTieGoesToLowerIndex() {
        float[][] probs = {{0.5f, 0.5f}};

        ClassificationMetrics m = ClassificationMetrics.compute(new int[] {1}, probs, List.of("x", "y"));

        assertEquals(1, m.confusion()[1][0]);
    }

    @Test
    void jsonHasStableKeys() {
        JsonObject json = threeClass().toJson();

        for (String key : List.of("accuracy", "macro_precision", "macro_recall", "macro_f1", "weighted_f1",
                "log_loss", "roc_auc", "per_class", "confusion_matrix", "labels")) {
            assertTrue(json.has(key), key);
        }
        assertEquals(4, json.getAsJsonObject("per_class").getAsJsonObject("a").get("support").getAsLong());
        assertEquals(1, json.getAsJsonArray("confusion_matrix").get(0).getAsJsonArray().get(1).getAsLong());
        assertEquals("c", json.getAsJsonArray("labels").get(2).getAsString());
    }

    @Test
    void textLooksLikeClassificationReport() {
        String text = threeClass().toText();

        assertTrue(text.contains("precision     recall   f1-score    support"), text);
        assertTrue(text.contains("           a     0.6000     0.7500     0.6667          4"), text);
        assertTrue(text.contains("    accuracy                           0.6000         10"), text);
        assertTrue(text.contains("confusion matrix (rows: true, columns: predicted)"), text);
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {0}, new float[][] {{1f, 0f}}, ABC));
        assertTrue(e.getMessage().contains("has 2 values but there are 3 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {3}, new float[][] {{1f, 0f, 0f}}, ABC));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {}, new float[][] {}, ABC));
    }

    @Test
    void confusionIsDefensivelyCopied() {
        ClassificationMetrics m = threeClass();
        m.confusion()[0][0] = 99;
        assertEquals(3, m.confusion()[0][0]);
        assertEquals(m, threeClass());
    }

    private static void assertScore(ClassScore s, double p, double r, double f1, long support) {
        assertEquals(p, s.precision(), TOL, s.label() + " precision");
        assertEquals(r, s.recall(), TOL, s.label() + " recall");
        assertEquals(f1, s.f1(), TOL, s.label() + " f1");
        assertEquals(support, s.support(), s.label() + " support");
    }

    private static double trapezoid(double[] x, double[] y) {
        double area = 0;
        for (int i = 1; i < x.length; i++) {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return area;
    }
}
