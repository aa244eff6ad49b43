package dev.tune4j.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.model.Dense;
import dev.tune4j.model.Dropouts;
import dev.tune4j.model.Module;

/**
 * Features (B, H) → logits (B, C). Checkpoint keys: {@code classifier.weight/bias} for LINEAR (as in
 * Hugging Face's BertForSequenceClassification), {@code classifier.dense.*} and {@code classifier.out_proj.*}
 * for MLP (the names of Hugging Face's two-layer classification heads).
 */
public final class ClassificationHead extends Module {

    private final HeadConfig config;
    private final Dense dense;
    private final Dense out;

    ClassificationHead(HeadConfig config, int hiddenSize, float initStd) {
        this.config = config;
        if (config.kind() == HeadConfig.Kind.MLP) {
            dense = addChildBlock("dense", new Dense(hiddenSize, config.hidden(), initStd));
            out = addChildBlock("out_proj", new Dense(config.hidden(), config.numLabels(), initStd));
        } else {
            dense = null;
            out = addChildBlock("", new Dense(hiddenSize, config.numLabels(), initStd));
        }
    }

    public HeadConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, H)
        if (dense != null) {
            x = call(dense, ps, training, x).getNDArrayInternal().relu(); // (B, hidden)
        }
        x = Dropouts.dropout(x, config.dropout(), training);
        return new NDList(call(out, ps, training, x)); // (B, C)
    }
}
