package dev.tune4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tune4j.engine.Torch;
import org.junit.jupiter.api.Test;

class DropoutsTest {

    @Test
    void dropsAboutPAndScalesTheRestByOneOverOneMinusP() {
        try (NDManager manager = Torch.newManager()) {
            NDArray x = manager.ones(new Shape(1000, 1001)); // odd size: the last decision has no pair
            float[] y = Dropouts.dropout(x, 0.1f, true).toFloatArray();
            long zeros = 0;
            for (float v : y) {
                if (v == 0) {
                    zeros++;
                } else {
                    assertEquals(1 / 0.9f, v, 1e-6f);
                }
            }
            // 1,001,000 Bernoulli(0.1) draws: the standard deviation of the fraction is 0.0003.
            assertEquals(0.1, zeros / 1_001_000.0, 0.0015);
        }
    }

    @Test
    void theGradientIsTheSameMaskEvenWhenLaterCallsReuseTheBuffer() {
        try (NDManager manager = Torch.newManager()) {
            NDArray x = manager.randomUniform(1, 2, new Shape(64, 97));
            x.setRequiresGradient(true);
            float[][] outputs = new float[3][];
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray sum = null;
                for (int i = 0; i < 3; i++) {
                    NDArray y = Dropouts.dropout(x, 0.5f, true);
                    outputs[i] = y.toFloatArray();
                    sum = sum == null ? y : sum.add(y);
                }
                System.gc();
                gc.backward(sum.sum());
            }
            float[] expected = new float[outputs[0].length];
            for (float[] out : outputs) {
                for (int j = 0; j < out.length; j++) {
                    expected[j] += out[j] == 0 ? 0 : 2;
                }
            }
            try (NDArray g = x.getGradient()) {
                assertArrayEquals(expected, g.toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void theSameLibtorchSeedGivesTheSameMask() {
        try (NDManager manager = Torch.newManager()) {
            NDArray x = manager.ones(new Shape(5000));
            Engine.getInstance().setRandomSeed(11);
            float[] first = Dropouts.dropout(x, 0.3f, true).toFloatArray();
            float[] other = Dropouts.dropout(x, 0.3f, true).toFloatArray();
            Engine.getInstance().setRandomSeed(11);
            assertArrayEquals(first, Dropouts.dropout(x, 0.3f, true).toFloatArray());
            assertFalse(java.util.Arrays.equals(first, other));
        }
    }

    @Test
    void zeroedIsDropoutWithoutItsScaleWhichTheCallerAppliesLater() {
        try (NDManager manager = Torch.newManager()) {
            NDArray x = manager.randomUniform(1, 2, new Shape(4000));
            Engine.getInstance().setRandomSeed(5);
            float[] dropped = Dropouts.dropout(x, 0.2f, true).toFloatArray();
            Engine.getInstance().setRandomSeed(5);
            float[] zeroed = Dropouts.zeroed(x, 0.2f, true).toFloatArray();
            float[] original = x.toFloatArray();
            for (int i = 0; i < original.length; i++) {
                assertEquals(dropped[i] == 0 ? 0 : original[i], zeroed[i], 0f, "element " + i);
                assertEquals(dropped[i], (float) (zeroed[i] * Dropouts.scale(0.2f, true)), 1e-6f);
            }
            assertEquals(1.25, Dropouts.scale(0.2f, true), 1e-6);
            assertEquals(1.0, Dropouts.scale(0.2f, false));
            assertEquals(1.0, Dropouts.scale(0f, true));
        }
    }

    @Test
    void outsideTrainingOrAtZeroTheInputPassesThrough() {
        try (NDManager manager = Torch.newManager()) {
            NDArray x = manager.ones(new Shape(3));
            assertSame(x, Dropouts.dropout(x, 0.1f, false));
            assertSame(x, Dropouts.dropout(x, 0f, true));
            assertSame(x, Dropouts.zeroed(x, 0.1f, false));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropouts.dropout(x, 1f, true));
            assertEquals("dropout probability must be in [0, 1), got 1.0", e.getMessage());
        }
    }
}
