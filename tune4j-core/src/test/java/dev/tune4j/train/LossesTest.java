package dev.tune4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tune4j.engine.Torch;
import org.junit.jupiter.api.Test;

class LossesTest {

    // softplus(x) = log(1 + e^x); a positive costs softplus(−x), a negative softplus(x).
    private static final double SP_MINUS_2 = Math.log1p(Math.exp(-2));
    private static final double SP_MINUS_1 = Math.log1p(Math.exp(-1));
    private static final double SP_0 = Math.log(2);
    private static final double SP_MINUS_3 = Math.log1p(Math.exp(-3));

    /** Logits [[2, −1], [0, 3]]; example 0 carries label 0, example 1 label 1. */
    private static float bce(float[] positiveWeights) {
        try (NDManager m = Torch.newManager()) {
            return Losses.binaryCrossEntropy(m.create(new float[] {2, -1, 0, 3}, new Shape(2, 2)),
                    new int[][] {{0}, {1}}, positiveWeights).getFloat();
        }
    }

    @Test
    void binaryCrossEntropyIsTheMeanOverExamplesAndLabelsOfTheHandComputedTerms() {
        assertEquals((SP_MINUS_2 + SP_MINUS_1 + SP_0 + SP_MINUS_3) / 4, bce(null), 1e-6);
    }

    @Test
    void positiveWeightsScaleOnlyThePositiveTerms() {
        assertEquals((2 * SP_MINUS_2 + SP_MINUS_1 + SP_0 + 0.5 * SP_MINUS_3) / 4, bce(new float[] {2f, 0.5f}), 1e-6);
    }

    @Test
    void gradientIsSigmoidMinusTargetOverTheNumberOfTerms() {
        float[] x = {2, -1, 0, 3};
        float[] y = {1, 0, 0, 1};
        try (NDManager m = Torch.newManager()) {
            NDArray logits = m.create(x, new Shape(2, 2));
            logits.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Losses.binaryCrossEntropy(logits, new int[][] {{0}, {1}}, null));
            }
            float[] grad = logits.getGradient().toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals((1 / (1 + Math.exp(-x[i])) - y[i]) / 4, grad[i], 1e-6, "d loss / d x" + i);
            }
        }
    }

    @Test
    void confidentlyWrongLogitsCostTheirSizeInsteadOfOverflowing() {
        try (NDManager m = Torch.newManager()) {
            // Logit 100 on a negative and −100 on a positive: log σ(−100) would be −inf in float, the loss is 100 each.
            float loss = Losses.binaryCrossEntropy(m.create(new float[] {100, -100}, new Shape(1, 2)),
                    new int[][] {{1}}, null).getFloat();
            assertEquals(100f, loss, 1e-4f);
        }
    }
}
