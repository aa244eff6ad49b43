package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.HiddenAct;

/** Feed-forward expansion: act(dense(x)), (B, T, H) → (B, T, I). */
public final class BertIntermediate extends Module {

    private final HiddenAct act;
    private final Dense dense;

    public BertIntermediate(BertConfig config) {
        act = config.hiddenAct();
        dense = addChildBlock("dense", new Dense(config.hiddenSize(), config.intermediateSize(), config.initializerRange()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Activations.apply(act, call(dense, ps, training, inputs.singletonOrThrow())));
    }
}
