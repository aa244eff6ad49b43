package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.BertConfig;

/** Post-LN residual after the feed-forward: LayerNorm(dropout(dense(h)) + input). In: h (B, T, I), input (B, T, H). */
public final class BertOutput extends Module {

    private final float dropout;
    private final Dense dense;
    private final LayerNorm layerNorm;

    public BertOutput(BertConfig config) {
        dropout = config.hiddenDropoutProb();
        dense = addChildBlock("dense", new Dense(config.intermediateSize(), config.hiddenSize(), config.initializerRange()));
        layerNorm = addChildBlock("LayerNorm", new LayerNorm(config.hiddenSize(), config.layerNormEps()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray projected = Dropout.dropout(call(dense, ps, training, inputs.get(0)), dropout, training).singletonOrThrow();
        return new NDList(call(layerNorm, ps, training, projected.add(inputs.get(1)))); // (B, T, H)
    }
}
