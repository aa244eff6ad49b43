package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;

/**
 * Self-attention followed by its output projection and residual. In: hidden (B, T, H), mask (B, 1, 1, T) if
 * padded. Out: (B, T, H), or (B, P, H) at the positions of {@link BertModel#forwardAt}.
 */
public final class BertAttention extends Module {

    private final BertSelfAttention self;
    private final BertSelfOutput output;

    public BertAttention(BertConfig config, Additions additions) {
        self = addChildBlock("self", new BertSelfAttention(config, additions));
        output = addChildBlock("output", new BertSelfOutput(config, additions));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (B, T, H)
        NDArray residual = BertModel.atLastLayerPositions(x, params); // (B, T or P, H)
        NDArray context = self.forward(ps, inputs, training, params).singletonOrThrow(); // (B, T or P, H)
        return output.forward(ps, new NDList(context, residual), training);
    }
}
