package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Houlsby et al.'s bottleneck adapter: {@code x + up(gelu(down(x)))}, (B, T, H) → (B, T, H), keys
 * {@code adapter.down.*} (m, H) and {@code adapter.up.*} (H, m).
 *
 * <p>The up-projection starts at exactly zero (weight and bias), so a fresh adapter is the identity and
 * the adapted model starts as the base model; the paper's near-zero init only approximates that. The
 * down-projection gets BERT's normal init, so gradients reach it from the second step on.
 */
public final class HoulsbyAdapter extends Module {

    private final Dense down;
    private final Dense up;

    public HoulsbyAdapter(int hidden, int size, float initStd) {
        down = addChildBlock("down", new Dense(hidden, size, initStd));
        up = addChildBlock("up", new Dense(size, hidden, Initializer.ZEROS, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, T, H)
        NDArray h = call(down, ps, training, x).getNDArrayInternal().gelu(); // (B, T, m)
        return new NDList(x.add(call(up, ps, training, h))); // (B, T, H)
    }
}
