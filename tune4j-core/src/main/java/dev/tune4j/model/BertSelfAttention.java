package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.engine.Scalars;

/**
 * Multi-head scaled dot-product attention. In: hidden (B, T, H) and, when the batch has padding, an
 * additive mask (B, 1, 1, T) holding 0 for real tokens and a large negative number for padding.
 * Out: context (B, T, H), before projection; (B, P, H) at the positions of {@link BertModel#forwardAt}:
 * P query rows against every key.
 */
public final class BertSelfAttention extends Module {

    private final int heads;
    private final int headSize;
    private final float dropout;
    private final Block query;
    private final Block key;
    private final Block value;

    public BertSelfAttention(BertConfig config, Additions additions) {
        int h = config.hiddenSize();
        heads = config.numAttentionHeads();
        headSize = config.headSize();
        dropout = config.attentionProbsDropoutProb();
        query = addChildBlock("query", linear(config, additions, LoraTarget.QUERY));
        key = addChildBlock("key", linear(config, additions, LoraTarget.KEY));
        value = addChildBlock("value", linear(config, additions, LoraTarget.VALUE));
    }

    private static Block linear(BertConfig config, Additions additions, LoraTarget target) {
        Dense dense = new Dense(config.hiddenSize(), config.hiddenSize(), config.initializerRange());
        return LoraDense.wrapIf(additions.wraps(target), dense, additions.lora());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (B, T, H)
        NDArray xq = BertModel.atLastLayerPositions(x, params); // (B, Tq, H), Tq = T or P
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long tq = xq.getShape().get(1);
        // (q / √D)·kᵀ rather than (q·kᵀ) / √D: the division then runs over B·Tq·H values, not B·N·Tq·T.
        NDArray q = splitHeads(Scalars.div(call(query, ps, training, xq), Math.sqrt(headSize)), b, tq); // (B, N, Tq, D)
        NDArray k = splitHeads(call(key, ps, training, x), b, t); // (B, N, T, D)
        NDArray v = splitHeads(call(value, ps, training, x), b, t); // (B, N, T, D)
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // (B, N, Tq, T)
        if (inputs.size() > 1) {
            scores = scores.add(inputs.get(1)); // mask bias (B, 1, 1, T)
        }
        // Dropout's 1/(1 − p) scales the context (B, N, Tq, D) rather than the probabilities (B, N, Tq, T).
        NDArray probs = Dropouts.zeroed(scores.softmax(-1), dropout, training);
        NDArray context = probs.matMul(v); // (B, N, Tq, D)
        double scale = Dropouts.scale(dropout, training);
        if (scale != 1) {
            context = Scalars.mul(context, scale);
        }
        return new NDList(context.transpose(0, 2, 1, 3).reshape(b, tq, (long) heads * headSize)); // (B, Tq, H)
    }

    private NDArray splitHeads(NDArray x, long b, long t) {
        return x.reshape(b, t, heads, headSize).transpose(0, 2, 1, 3);
    }
}
