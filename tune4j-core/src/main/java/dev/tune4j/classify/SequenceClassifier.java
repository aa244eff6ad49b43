package dev.tune4j.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.infer.Pooling;
import dev.tune4j.model.BertModel;
import dev.tune4j.model.Module;

/**
 * An encoder of any family plus a classification head, block scopes {@code bert} and {@code classifier} (each
 * family's checkpoint names map onto them, {@link dev.tune4j.config.ModelFamily#names()}).
 * In: ids, type ids, mask (B, T). Out: logits (B, C).
 */
public final class SequenceClassifier extends Module {

    private final BertModel bert;
    private final ClassificationHead head;

    public SequenceClassifier(BertConfig config, HeadConfig headConfig) {
        this(config, headConfig, Additions.NONE);
    }

    /** With the adapter or LoRA modules of {@code additions} in the backbone. */
    public SequenceClassifier(BertConfig config, HeadConfig headConfig, Additions additions) {
        bert = addChildBlock("bert", new BertModel(config, headConfig.pooling() == Pooling.POOLER, additions));
        head = addChildBlock("classifier", new ClassificationHead(headConfig, config.hiddenSize(), config.initializerRange(),
                config.family()));
    }

    public BertModel bert() {
        return bert;
    }

    public ClassificationHead head() {
        return head;
    }

    /** The pooled vector the head reads, (B, H). */
    public NDArray features(ParameterStore ps, NDList inputs, boolean training) {
        return head.config().pooling().pooled(bert, ps, inputs, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return head.forward(ps, new NDList(features(ps, inputs, training)), training);
    }
}
