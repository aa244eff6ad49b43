package dev.tune4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RocCurveTest {

    @Test
    void perfectSeparationHasAreaOne() {
        assertEquals(1.0, RocCurve.auc(new boolean[] {false, true}, new double[] {0.1, 0.9}).orElseThrow());
    }

    @Test
    void allScoresTiedHasAreaOneHalfAndOneDiagonalStep() {
        RocCurve roc = RocCurve.of(new boolean[] {true, false, true, false}, new double[] {0.5, 0.5, 0.5, 0.5})
                .orElseThrow();

        assertEquals(0.5, roc.auc());
        assertEquals(2, roc.fpr().length);
    }

    @Test
    void invertedScorerHasAreaZero() {
        assertEquals(0.0, RocCurve.auc(new boolean[] {true, false}, new double[] {0.1, 0.9}).orElseThrow());
    }

    @Test
    void undefinedWithoutNegatives() {
        assertTrue(RocCurve.of(new boolean[] {true, true}, new double[] {0.1, 0.9}).isEmpty());
    }
}
