package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;

/**
 * One encoder layer: x = attention(x); x = output(intermediate(x), x). In: (B, T, H), mask (B, 1, 1, T) if padded.
 * Out: (B, T, H), or (B, P, H) at the positions of {@link BertModel#forwardAt} in params.
 */
public final class BertLayer extends Module {

    private final BertAttention attention;
    private final BertIntermediate intermediate;
    private final BertOutput output;

    public BertLayer(BertConfig config, Additions additions) {
        attention = addChildBlock("attention", new BertAttention(config, additions));
        intermediate = addChildBlock("intermediate", new BertIntermediate(config, additions));
        output = addChildBlock("output", new BertOutput(config, additions));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = attention.forward(ps, inputs, training, params).singletonOrThrow(); // (B, T or P, H)
        NDArray h = call(intermediate, ps, training, x); // (B, T, I)
        return output.forward(ps, new NDList(h, x), training); // (B, T, H)
    }
}
