package dev.tune4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BertModel#forwardFirstToken} against the full forward on a small random BERT with padding: the same
 * [CLS] state and pooled output, and the same gradient for every parameter, with and without adapters and LoRA.
 */
class FirstTokenTest {

    /** No dropout anywhere, so that two training forwards are comparable. */
    private static final BertConfig CONFIG = new BertConfig(50, 32, 2, 4, 64, HiddenAct.GELU, 0f, 0f, 16, 2, 1e-12f,
            0.02f, 0);

    static Stream<Arguments> additions() {
        return Stream.of(
                Arguments.of("plain", Additions.NONE),
                Arguments.of("adapters", Additions.of(new AdapterConfig(8, AdapterPlacement.BOTH))),
                Arguments.of("lora", Additions.of(new LoraConfig(4, 8f, 0f, EnumSet.allOf(LoraTarget.class)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("additions")
    void positionZeroAndEveryGradientMatchTheFullForward(String name, Additions additions) {
        try (NDManager manager = Torch.newManager()) {
            BertModel model = new BertModel(CONFIG, true, additions);
            NDList inputs = inputs(manager);
            model.initialize(manager, DataType.FLOAT32, inputs.getShapes());
            // Random values everywhere, so that fresh adapters' and LoRA's zero weights take part too, large enough
            // that attention is far from uniform (else any query row would give about the same context).
            Random rng = new Random(7);
            Map<String, Parameter> params = ParameterNames.of(model);
            params.forEach((key, p) -> {
                double base = key.endsWith("LayerNorm.weight") ? 1 : 0;
                float[] v = new float[Math.toIntExact(p.getArray().size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (base + 0.4 * rng.nextGaussian());
                }
                p.getArray().set(v);
            });
            float[] readout = new float[CONFIG.hiddenSize()];
            for (int i = 0; i < readout.length; i++) {
                readout[i] = (float) rng.nextGaussian();
            }
            ParameterStore ps = new ParameterStore(manager, false);

            Pass full = pass(model, ps, inputs, readout, params, false);
            Pass first = pass(model, ps, inputs, readout, params, true);

            assertEquals(new Shape(2, 7, 32), full.sequenceShape);
            assertEquals(new Shape(2, 1, 32), first.sequenceShape);
            assertClose(full.cls, first.cls, 1e-5, "[CLS] state");
            assertClose(full.pooled, first.pooled, 1e-5, "pooled output");
            int nonZero = 0;
            for (String key : params.keySet()) {
                assertClose(full.gradients.get(key), first.gradients.get(key), 1e-4, "gradient of " + key);
                nonZero += maxAbs(full.gradients.get(key)) > 0 ? 1 : 0;
            }
            assertEquals(params.size(), nonZero, "parameters with a non-zero gradient");
        }
    }

    private record Pass(Shape sequenceShape, float[] cls, float[] pooled, Map<String, float[]> gradients) {}

    /** A training forward and backward of loss = Σ readout·[CLS] + Σ pooled; gradients are zeroed first. */
    private static Pass pass(BertModel model, ParameterStore ps, NDList inputs, float[] readout,
                             Map<String, Parameter> params, boolean firstTokenOnly) {
        Gradients.zero(new ArrayList<>(params.values()));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = firstTokenOnly ? model.forwardFirstToken(ps, inputs, true) : model.forward(ps, inputs, true);
            NDArray cls = out.get(0).get(":, 0, :"); // (B, H)
            NDArray loss = cls.mul(cls.getManager().create(readout)).sum().add(out.get(1).sum());
            gc.backward(loss);
            Map<String, float[]> gradients = new LinkedHashMap<>();
            params.forEach((key, p) -> {
                try (NDArray g = p.getArray().getGradient()) {
                    gradients.put(key, g.toFloatArray());
                }
            });
            return new Pass(out.get(0).getShape(), cls.toFloatArray(), out.get(1).toFloatArray(), gradients);
        }
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
