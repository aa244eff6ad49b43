package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.LoraTarget;

/**
 * Post-LN residual after the feed-forward: LayerNorm(adapter(dropout(dense(h))) + input), the adapter
 * only with Houlsby adapters. In: h (B, T, I), input (B, T, H).
 */
public final class BertOutput extends Module {

    private final float dropout;
    private final Block dense;
    private final LayerNorm layerNorm;
    private final HoulsbyAdapter adapter;

    public BertOutput(BertConfig config, Additions additions) {
        int h = config.hiddenSize();
        dropout = config.hiddenDropoutProb();
        dense = addChildBlock("dense", LoraDense.wrapIf(additions.wraps(LoraTarget.OUTPUT),
                new Dense(config.intermediateSize(), h, config.initializerRange()), additions.lora()));
        layerNorm = addChildBlock("LayerNorm", new LayerNorm(h, config.layerNormEps()));
        adapter = additions.adapters() == null ? null
                : addChildBlock("adapter", new HoulsbyAdapter(h, additions.adapters().size(), config.initializerRange()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray projected = Dropout.dropout(call(dense, ps, training, inputs.get(0)), dropout, training).singletonOrThrow();
        if (adapter != null) {
            projected = call(adapter, ps, training, projected);
        }
        return new NDList(call(layerNorm, ps, training, projected.add(inputs.get(1)))); // (B, T, H)
    }
}
