package dev.tune4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.HiddenAct;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bf16 encoder against the fp32 one on a small random BERT, with padding; skipped where bf16 is unavailable. */
class Bf16EncoderTest {

    @BeforeAll
    static void requireBf16() {
        Assumptions.assumeTrue(Precision.BF16.resolve(line -> {}) == Precision.BF16, "bf16 unavailable on this host");
    }

    @ParameterizedTest
    @EnumSource(HiddenAct.class)
    void inferenceMatchesFp32WithinBf16Rounding(HiddenAct act) {
        // No dropout, so that a training forward is deterministic and comparable.
        BertConfig config = new BertConfig(50, 64, 2, 4, 96, act, 0f, 0f, 16, 2, 1e-12f, 0.02f, 0);
        try (NDManager manager = Torch.newManager()) {
            Torch.gradMode(false);
            BertModel model = new BertModel(config, true);
            NDList inputs = inputs(manager);
            model.initialize(manager, DataType.FLOAT32, inputs.getShapes());
            ParameterStore ps = new ParameterStore(manager, false);
            NDList fp32 = model.forward(ps, inputs, false);

            assertEquals(Precision.BF16, model.runIn(Precision.BF16, line -> {}));
            assertEquals(Precision.BF16, model.encoder().precision());
            NDList bf16 = model.forward(ps, inputs, false);
            for (int i = 0; i < 2; i++) {
                assertEquals(DataType.FLOAT32, bf16.get(i).getDataType());
                assertEquals(fp32.get(i).getShape(), bf16.get(i).getShape());
            }
            // Post-LayerNorm values are O(1); bf16 keeps 8 bits of mantissa (relative step 2^-8).
            float worst = bf16.get(0).sub(fp32.get(0)).abs().max().getFloat();
            float mean = bf16.get(0).sub(fp32.get(0)).abs().mean().getFloat();
            assertTrue(worst < 0.1f && mean < 0.02f, "bf16 vs fp32: max |diff| " + worst + ", mean " + mean);
            assertTrue(worst > 0f, "identical to fp32: the bf16 path did not run");
            NDArray first = model.forwardFirstToken(ps, inputs, false).get(0); // (B, 1, H)
            assertEquals(new Shape(2, 1, 64), first.getShape());
            float firstDiff = first.sub(bf16.get(0).get(":, :1, :")).abs().max().getFloat();
            assertTrue(firstDiff < 0.05f, "bf16, position 0 alone vs every position: max |diff| " + firstDiff);

            // Training forwards ignore the bf16 copy; back to FP32 releases it and restores fp32 exactly.
            assertArrayEquals(fp32.get(0).toFloatArray(), model.forward(ps, inputs, true).get(0).toFloatArray());
            model.runIn(Precision.FP32, line -> {});
            assertArrayEquals(fp32.get(0).toFloatArray(), model.forward(ps, inputs, false).get(0).toFloatArray());
        }
    }

    @Test
    void adapterLayersFallBackToFp32WithOneWarning() {
        BertConfig config = BertConfig.tiny(50);
        try (NDManager manager = Torch.newManager()) {
            BertModel model = new BertModel(config, false, Additions.of(new AdapterConfig(8, AdapterPlacement.BOTH)));
            model.initialize(manager, DataType.FLOAT32, inputs(manager).getShapes());
            List<String> warnings = new ArrayList<>();
            assertEquals(Precision.FP32, model.runIn(Precision.BF16, warnings::add));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("fp32"), warnings.get(0));
            assertEquals(Precision.FP32, model.encoder().precision());
        }
    }

    /** Two rows of 7 tokens, the second padded after 4. */
    private static NDList inputs(NDManager manager) {
        long[][] ids = {{2, 11, 12, 13, 14, 15, 3}, {2, 21, 22, 3, 0, 0, 0}};
        long[][] types = {{0, 0, 0, 0, 1, 1, 1}, {0, 0, 0, 0, 0, 0, 0}};
        long[][] mask = {{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0}};
        return new NDList(manager.create(ids), manager.create(types), manager.create(mask));
    }
}
