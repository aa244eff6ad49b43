package dev.tune4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class AutocastTest {

    @Test
    void aBf16LinearGivesFp32OutputsAndGradientsWithinBf16RoundingOfFp32() {
        Assumptions.assumeTrue(Precision.BF16.resolve(line -> {}) == Precision.BF16, "bf16 unavailable on this host");
        try (NDManager manager = Torch.newManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = manager.randomNormal(new Shape(4, 16, 64));
            NDArray w = manager.randomNormal(0, 0.1f, new Shape(48, 64), DataType.FLOAT32);
            NDArray b = manager.randomNormal(0, 0.1f, new Shape(48), DataType.FLOAT32);
            float[][] fp32 = run(x, w, b, false);
            float[][] bf16 = run(x, w, b, true);
            for (int i = 0; i < fp32.length; i++) {
                double error = relativeError(bf16[i], fp32[i]);
                // bf16 keeps 8 significant bits: 2^-8 = 0.004 per rounded input; sums of products land near 1e-2.
                assertTrue(error < 3e-2, "output/gradient " + i + ": relative error " + error);
                assertTrue(error > 1e-5, "output/gradient " + i + " is fp32-exact: the bf16 path did not run");
            }
        }
    }

    @Test
    void theScopeIsPerThreadAndRestoresWhatWasThere() throws Exception {
        Assumptions.assumeTrue(Precision.BF16.resolve(line -> {}) == Precision.BF16, "bf16 unavailable on this host");
        assertFalse(Autocast.active());
        try (Autocast outer = Autocast.bf16(true)) {
            assertTrue(Autocast.active());
            boolean[] elsewhere = new boolean[1];
            Thread t = new Thread(() -> elsewhere[0] = Autocast.active());
            t.start();
            t.join();
            assertFalse(elsewhere[0]);
            try (Autocast inner = Autocast.bf16(false)) {
                assertFalse(Autocast.active());
            }
            assertTrue(Autocast.active());
        }
        assertFalse(Autocast.active());
    }

    /** The output, then the gradients of x, W and b, of sum(linear(x)²), from fresh copies (gradients accumulate). */
    private static float[][] run(NDArray x0, NDArray w0, NDArray b0, boolean bf16) {
        try (NDManager scope = x0.getManager().newSubManager()) {
            NDArray x = x0.duplicate();
            NDArray w = w0.duplicate();
            NDArray b = b0.duplicate();
            for (NDArray p : new NDArray[] {x, w, b}) {
                p.setRequiresGradient(true);
            }
            return gradients(x, w, b, bf16);
        }
    }

    private static float[][] gradients(NDArray x, NDArray w, NDArray b, boolean bf16) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = bf16 ? Autocast.linear(x, w, b) : Linear.linear(x, w, b).singletonOrThrow();
            assertEquals(DataType.FLOAT32, y.getDataType());
            gc.backward(y.mul(y).sum());
            float[][] out = {y.toFloatArray(), null, null, null};
            NDArray[] params = {x, w, b};
            for (int i = 0; i < 3; i++) {
                try (NDArray g = params[i].getGradient()) {
                    assertEquals(DataType.FLOAT32, g.getDataType());
                    out[i + 1] = g.toFloatArray();
                }
            }
            return out;
        }
    }

    private static double relativeError(float[] actual, float[] expected) {
        double maxError = 0;
        double maxAbs = 0;
        for (int i = 0; i < actual.length; i++) {
            maxError = Math.max(maxError, Math.abs(actual[i] - expected[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        return maxError / maxAbs;
    }
}
