package dev.tune4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.HiddenAct;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.engine.Torch;
import dev.tune4j.train.Gradients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BertModel#forwardAt} and its uses against the full forward on a small random BERT with padding: the
 * same hidden states at the chosen positions and pooled output, and the same gradient for every parameter,
 * with and without adapters and LoRA.
 */
class ForwardAtTest {

    /** No dropout anywhere, so that two training forwards are comparable. */
    private static final BertConfig CONFIG = new BertConfig(50, 32, 2, 4, 64, HiddenAct.GELU, 0f, 0f, 16, 2, 1e-12f,
            0.02f, 0);

    /** Row 0's positions, one repeated as padding, and row 1's, out of order; 7 tokens per row. */
    private static final long[][] POSITIONS = {{6, 2, 2}, {3, 0, 1}};

    static Stream<Arguments> additions() {
        return Stream.of(
                Arguments.of("plain", Additions.NONE),
                Arguments.of("adapters", Additions.of(new AdapterConfig(8, AdapterPlacement.BOTH))),
                Arguments.of("lora", Additions.of(new LoraConfig(4, 8f, 0f, EnumSet.allOf(LoraTarget.class)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("additions")
    void narrowedForwardsGiveTheFullForwardsValuesAndGradients(String name, Additions additions) {
        try (NDManager manager = Torch.newManager()) {
            BertModel model = model(manager, additions);
            NDList inputs = inputs(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            Map<String, Parameter> params = ParameterNames.of(model);

            // [CLS] and the pooled output.
            float[] clsReadout = gaussian(new Random(8), 2 * CONFIG.hiddenSize());
            Pass full = pass(model, params, m -> m.forward(ps, inputs, true), out -> out.get(":, 0, :"), clsReadout, true);
            Pass first = pass(model, params, m -> m.forwardFirstToken(ps, inputs, true), out -> out.get(":, 0, :"),
                    clsReadout, true);
            assertEquals(new Shape(2, 7, 32), full.sequenceShape);
            assertEquals(new Shape(2, 1, 32), first.sequenceShape);
            assertSame(full, first, params.keySet(), "[CLS]");

            // Any positions per row.
            float[] readout = gaussian(new Random(9), 6 * CONFIG.hiddenSize());
            NDArray rows = manager.create(new long[] {6, 2, 2, 7 + 3, 7, 7 + 1}); // POSITIONS in the flattened (14, H) output
            full = pass(model, params, m -> m.forward(ps, inputs, true), out -> out.reshape(14, 32).get(rows).reshape(2, 3, 32),
                    readout, false);
            NDList narrowed = model.forwardAt(ps, inputs, false, POSITIONS);
            assertEquals(1, narrowed.size(), "forwardAt pools nothing: the pooler reads [CLS], which need not be computed");
            Pass at = pass(model, params, m -> m.forwardAt(ps, inputs, true, POSITIONS), out -> out, readout, false);

            assertEquals(new Shape(2, 3, 32), at.sequenceShape);
            assertSame(full, at, params.keySet(), "hidden states at " + Arrays.deepToString(POSITIONS));
        }
    }

    @Test
    void hiddenAtFlatPositionsInAnyOrderMatchesTheFullForward() {
        try (NDManager manager = Torch.newManager()) {
            Torch.gradMode(false);
            BertModel model = model(manager, Additions.NONE);
            NDList inputs = inputs(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            long[] flat = {8, 1, 13, 7}; // row 1 gets three positions, row 0 one
            NDArray full = model.forward(ps, inputs, false).get(0); // (B, T, H)
            float[] expected = full.reshape(-1, CONFIG.hiddenSize()).get(manager.create(flat)).toFloatArray();
            NDArray got = model.hiddenAt(ps, inputs, false, flat);
            assertEquals(new Shape(4, 32), got.getShape());
            assertClose(expected, got.toFloatArray(), 1e-5, "hiddenAt");

            IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                    () -> model.hiddenAt(ps, inputs, false, new long[] {14}));
            assertTrue(outside.getMessage().contains("position 14 is outside the (2, 7) batch"), outside.getMessage());
            IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                    () -> model.forwardAt(ps, inputs, false, new long[][] {{0}, {7}}));
            assertTrue(beyond.getMessage().contains("position 7 of row 1 is outside [0, 7)"), beyond.getMessage());
            IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                    () -> model.forwardAt(ps, inputs, false, new long[][] {{0, 1}, {2}}));
            assertTrue(ragged.getMessage().contains("every row needs 2 positions, row 1 has 1"), ragged.getMessage());
        }
    }

    /** A model with random values everywhere, large enough that attention is far from uniform. */
    private static BertModel model(NDManager manager, Additions additions) {
        BertModel model = new BertModel(CONFIG, true, additions);
        model.initialize(manager, DataType.FLOAT32, inputs(manager).getShapes());
        // Fresh adapters' and LoRA's zero weights take part too; with small weights any query row would give about
        // the same context, and a wrong row would go unnoticed.
        Random rng = new Random(7);
        ParameterNames.of(model).forEach((key, p) -> {
            double base = key.endsWith("LayerNorm.weight") ? 1 : 0;
            float[] v = gaussian(rng, Math.toIntExact(p.getArray().size()));
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (base + 0.4 * v[i]);
            }
            p.getArray().set(v);
        });
        return model;
    }

    private record Pass(Shape sequenceShape, float[] read, float[] pooled, Map<String, float[]> gradients) {}

    /**
     * A training forward and backward of loss = Σ readout · read(sequence) (+ Σ pooled where the forward pools),
     * gradients zeroed first.
     */
    private static Pass pass(BertModel model, Map<String, Parameter> params, Function<BertModel, NDList> forward,
                             UnaryOperator<NDArray> read, float[] readout, boolean pooled) {
        Gradients.zero(new ArrayList<>(params.values()));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = forward.apply(model);
            NDArray hidden = read.apply(out.get(0));
            NDArray loss = hidden.mul(hidden.getManager().create(readout, hidden.getShape())).sum();
            if (pooled) {
                loss = loss.add(out.get(1).sum());
            }
            gc.backward(loss);
            Map<String, float[]> gradients = new LinkedHashMap<>();
            params.forEach((key, p) -> {
                try (NDArray g = p.getArray().getGradient()) {
                    gradients.put(key, g.toFloatArray());
                }
            });
            return new Pass(out.get(0).getShape(), hidden.toFloatArray(), pooled ? out.get(1).toFloatArray() : new float[0],
                    gradients);
        }
    }

    private static void assertSame(Pass full, Pass narrowed, Iterable<String> keys, String what) {
        assertClose(full.read, narrowed.read, 1e-5, what);
        assertClose(full.pooled, narrowed.pooled, 1e-5, "pooled output");
        int nonZero = 0;
        for (String key : keys) {
            assertClose(full.gradients.get(key), narrowed.gradients.get(key), 1e-4, "gradient of " + key);
            nonZero += maxAbs(full.gradients.get(key)) > 0 ? 1 : 0;
        }
        // Without the pooled output in the loss, the pooler's two weights get no gradient.
        int unused = full.pooled.length == 0 ? 2 : 0;
        assertEquals(full.gradients.size() - unused, nonZero, "parameters with a non-zero gradient");
    }

    private static float[] gaussian(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = Math.max(1, maxAbs(expected));
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            assertTrue(diff <= tolerance * scale, what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
        }
    }

    private static double maxAbs(float[] v) {
        double max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    /** Two rows of 7 tokens, the second padded after 4. */
    private static NDList inputs(NDManager manager) {
        long[][] ids = {{2, 11, 12, 13, 14, 15, 3}, {2, 21, 22, 3, 0, 0, 0}};
        long[][] types = {{0, 0, 0, 0, 1, 1, 1}, {0, 0, 0, 0, 0, 0, 0}};
        long[][] mask = {{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0}};
        return new NDList(manager.create(ids), manager.create(types), manager.create(mask));
    }
}
