package dev.tune4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiLabelMetricsTest {

    private static final double TOL = 1e-9;

    /**
     * Four examples over labels x, y, z at threshold 0.5:
     * <pre>
     *   gold     probs             predicted   wrong
     *   x y      .9 .6 .1          x y         0
     *   y        .2 .4 .7          z           2
     *   x z      .8 .1 .5          x z         0   (0.5 reaches the threshold)
     *   —        .6 .2 .3          x           1
     * </pre>
     */
    private static MultiLabelMetrics example() {
        boolean[][] gold = {{true, true, false}, {false, true, false}, {true, false, true}, {false, false, false}};
        float[][] probs = {{.9f, .6f, .1f}, {.2f, .4f, .7f}, {.8f, .1f, .5f}, {.6f, .2f, .3f}};
        return MultiLabelMetrics.compute(gold, probs, List.of("x", "y", "z"), 0.5f);
    }

    @Test
    void scoresMatchHandComputation() {
        MultiLabelMetrics m = example();

        assertEquals(0.5, m.subsetAccuracy(), TOL);
        assertEquals(3 / 12.0, m.hammingLoss(), TOL);
        // x: 2 of 3 predictions right, both gold found; y: 1 of 1, 1 of 2; z: 1 of 2, 1 of 1
        assertEquals(0.8, m.perLabel().get(0).f1(), TOL);
        assertEquals(2 / 3.0, m.perLabel().get(1).f1(), TOL);
        assertEquals(0.5, m.perLabel().get(2).precision(), TOL);
        // pooled: 4 true positives, 6 predicted, 5 gold
        assertEquals(2 / 3.0, m.micro().precision(), TOL);
        assertEquals(0.8, m.micro().recall(), TOL);
        assertEquals(8 / 11.0, m.microF1(), TOL);
        assertEquals(32 / 45.0, m.macroF1(), TOL);
    }

    @Test
    void jsonAndTextCarryTheScores() {
        JsonObject json = example().toJson();
        String text = example().toText();

        assertEquals(0.25, json.get("hamming_loss").getAsDouble(), TOL);
        assertEquals(2, json.getAsJsonObject("per_label").getAsJsonObject("x").get("support").getAsLong());
        assertTrue(text.contains("   micro avg     0.6667     0.8000     0.7273          5"), text);
        assertTrue(text.contains("subset accuracy: 0.5000"), text);
    }

    @Test
    void labelNeverPredictedHasZeroPrecision() {
        boolean[][] gold = {{true, false}};
        float[][] probs = {{0.1f, 0.1f}};

        MultiLabelMetrics m = MultiLabelMetrics.compute(gold, probs, List.of("p", "q"), 0.5f);

        assertEquals(0, m.perLabel().get(0).precision());
        assertEquals(0, m.microF1());
        assertEquals(0.5, m.hammingLoss(), TOL);
    }
}
