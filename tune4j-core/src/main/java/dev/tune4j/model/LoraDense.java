package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.tune4j.Tune4jException;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.engine.Scalars;
import dev.tune4j.engine.Torch;
import java.util.ArrayList;
import java.util.List;

/**
 * LoRA around a Linear layer: {@code base(x) + B(A(dropout(x)))·alpha/r}, A (r, in), B (out, r).
 *
 * <p>The base layer is an unnamed child, so its weights keep their pretrained keys
 * ({@code ...query.weight}); A and B get PEFT's ({@code ...query.lora_A.weight}). A starts Kaiming-uniform
 * as in PEFT (bound 1/√in) and B at zero, so a fresh wrapper computes exactly the base layer.
 * {@link #merge()} folds B·A·alpha/r into the base weight, after which the forward pass is the base
 * layer's alone.
 */
public final class LoraDense extends Module {

    private final Dense base;
    private final Dense a;
    private final Dense b;
    private final float scaling;
    private final float dropout;
    private boolean merged;

    public LoraDense(Dense base, LoraConfig config) {
        this.base = addChildBlock("", base);
        a = addChildBlock("lora_A", new Dense(base.inFeatures(), config.rank(),
                new UniformInitializer((float) (1 / Math.sqrt(base.inFeatures()))), false));
        b = addChildBlock("lora_B", new Dense(config.rank(), base.outFeatures(), Initializer.ZEROS, false));
        scaling = config.scaling();
        dropout = config.dropout();
    }

    /** {@code base} itself when LoRA does not target it, else {@code base} wrapped. */
    static Block wrapIf(boolean targeted, Dense base, LoraConfig config) {
        return targeted ? new LoraDense(base, config) : base;
    }

    /** Every LoRA wrapper under {@code root}, in block order. */
    public static List<LoraDense> in(Block root) {
        List<LoraDense> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Block block, List<LoraDense> out) {
        if (block instanceof LoraDense l) {
            out.add(l);
        }
        block.getChildren().values().forEach(child -> collect(child, out));
    }

    public Dense base() {
        return base;
    }

    public Parameter loraA() {
        return a.weight();
    }

    public Parameter loraB() {
        return b.weight();
    }

    public boolean merged() {
        return merged;
    }

    /** W += B·A·alpha/r. Refuses, leaving W as it was, if the result is not finite. */
    public void merge() {
        if (!merged) {
            fold(1);
            merged = true;
        }
    }

    /** Throws what {@link #merge()} would throw, changing nothing. */
    public void requireMergeable() {
        if (!merged) {
            Torch.gradMode(false);
            try (NDScope scope = new NDScope()) {
                folded(1);
            }
        }
    }

    /** W -= B·A·alpha/r: the base weight again, up to float rounding. */
    public void unmerge() {
        if (merged) {
            fold(-1);
            merged = false;
        }
    }

    private void fold(int sign) {
        Torch.gradMode(false);
        Parameter weight = base.weight();
        NDArray updated;
        try (NDScope scope = new NDScope()) {
            updated = folded(sign);
            NDScope.unregister(updated);
        }
        // A new array rather than an in-place update: the old one may be a read-only view of the checkpoint file.
        updated.setRequiresGradient(weight.requiresGradient());
        weight.close();
        weight.setShape(null);
        weight.setArray(updated);
    }

    /** W ± B·A·alpha/r as a new array, or an exception if that is not finite. */
    private NDArray folded(int sign) {
        NDArray w = base.weight().getArray();
        NDArray delta = b.weight().getArray().matMul(a.weight().getArray()).mul(sign * scaling); // (out, in)
        NDArray updated = w.add(delta);
        if (updated.isNaN().any().getBoolean() || updated.isInfinite().any().getBoolean()) {
            throw new Tune4jException("LoRA " + (sign > 0 ? "merge" : "unmerge") + " would make the weight "
                    + w.getShape() + " non-finite (B·A holds NaN or ±Inf, or the sum overflows); the weights are left as they were");
        }
        return updated;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, T, in)
        NDArray y = call(base, ps, training, x); // (B, T, out)
        if (merged) {
            return new NDList(y);
        }
        NDArray h = Dropouts.zeroed(x, dropout, training); // (B, T, in)
        // alpha/r and dropout's 1/(1 − p) scale the r-wide product rather than an in- or out-wide array.
        NDArray low = Scalars.mul(call(a, ps, training, h), scaling * Dropouts.scale(dropout, training)); // (B, T, r)
        return new NDList(y.add(call(b, ps, training, low))); // (B, T, out)
    }
}
