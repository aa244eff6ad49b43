package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.djl.nn.Block;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.config.HiddenAct;

/** Feed-forward expansion: act(dense(x)), (B, T, H) → (B, T, I). */
public final class BertIntermediate extends Module {

    private final HiddenAct act;
    private final Block dense;

    public BertIntermediate(BertConfig config, Additions additions) {
        act = config.hiddenAct();
        dense = addChildBlock("dense", LoraDense.wrapIf(additions.wraps(LoraTarget.INTERMEDIATE),
                new Dense(config.hiddenSize(), config.intermediateSize(), config.initializerRange()), additions.lora()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Activations.apply(act, call(dense, ps, training, inputs.singletonOrThrow())));
    }
}
