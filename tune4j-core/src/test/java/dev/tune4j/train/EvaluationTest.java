package dev.tune4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tune4j.eval.MultiLabelMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void multiLabelScoresCountEveryLabelAtOrOverTheThreshold() {
        List<int[]> gold = List.of(new int[] {0, 1}, new int[] {2}, new int[] {0});
        float[][] probs = {{0.9f, 0.5f, 0.1f}, {0.2f, 0.7f, 0.8f}, {0.4f, 0.1f, 0.3f}};
        MultiLabelMetrics e = new Evaluation(0.3, probs, gold, true).scores();
        // Predicted {0,1} (exact; 0.5 counts), {1,2} (one false positive), {} (one miss): tp 3, fp 1, fn 1.
        assertEquals(1.0 / 3, e.subsetAccuracy(), 1e-12);
        assertEquals(0.75, e.microF1(), 1e-12);
        assertEquals((2.0 / 3 + 2.0 / 3 + 1) / 3, e.macroF1(), 1e-12);
    }

    @Test
    void singleLabelMicroF1IsTheAccuracy() {
        MultiLabelMetrics e = new Evaluation(0.5, new float[][] {{0.8f, 0.2f}, {0.6f, 0.4f}, {0.3f, 0.7f}}, new int[] {0, 1, 1})
                .scores();
        assertEquals(2.0 / 3, e.subsetAccuracy(), 1e-12);
        assertEquals(e.subsetAccuracy(), e.microF1(), 1e-12);
        // Class 0: tp 1, fp 1 → 2/3; class 1: tp 1, fn 1 → 2/3.
        assertEquals(2.0 / 3, e.macroF1(), 1e-12);
    }
}
