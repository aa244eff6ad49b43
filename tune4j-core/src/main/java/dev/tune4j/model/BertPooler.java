package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.BertConfig;

/** tanh(dense(h[CLS])): (B, T, H) → (B, H). Trained with next-sentence prediction, not with MLM. */
public final class BertPooler extends Module {

    private final Dense dense;

    public BertPooler(BertConfig config) {
        dense = addChildBlock("dense", new Dense(config.hiddenSize(), config.hiddenSize(), config.initializerRange()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray cls = inputs.singletonOrThrow().get(":, 0, :"); // (B, H)
        return new NDList(call(dense, ps, training, cls).tanh());
    }
}
