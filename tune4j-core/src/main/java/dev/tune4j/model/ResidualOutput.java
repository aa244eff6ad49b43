package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.LoraTarget;

/**
 * BERT's post-LN residual: LayerNorm(adapter(dropout(dense(x))) + input), the adapter only where Houlsby
 * adapters are placed. Shared by {@link BertSelfOutput} and {@link BertOutput}, which differ only in the input
 * width and in which LoRA target names their dense layer. In: x (B, T, in), input (B, T, H). Out: (B, T, H).
 */
abstract class ResidualOutput extends Module {

    private final float dropout;
    private final Block dense;
    private final LayerNorm layerNorm;
    private final HoulsbyAdapter adapter;

    ResidualOutput(BertConfig config, Additions additions, int in, LoraTarget target) {
        int h = config.hiddenSize();
        dropout = config.hiddenDropoutProb();
        dense = addChildBlock("dense", LoraDense.wrapIf(additions.wraps(target),
                new Dense(in, h, config.initializerRange()), additions.lora()));
        layerNorm = addChildBlock("LayerNorm", new LayerNorm(h, config.layerNormEps()));
        boolean placed = additions.adapters() != null
                && (target != LoraTarget.ATTENTION_OUTPUT || additions.adapters().placement().afterAttention());
        adapter = !placed ? null
                : addChildBlock("adapter", new HoulsbyAdapter(h, additions.adapters().size(), config.initializerRange()));
    }

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray projected = Dropouts.dropout(call(dense, ps, training, inputs.get(0)), dropout, training);
        if (adapter != null) {
            projected = call(adapter, ps, training, projected);
        }
        return new NDList(call(layerNorm, ps, training, projected.add(inputs.get(1)))); // (B, T, H)
    }
}
