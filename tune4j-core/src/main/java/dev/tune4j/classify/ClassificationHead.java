package dev.tune4j.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.HiddenAct;
import dev.tune4j.config.ModelFamily;
import dev.tune4j.model.Activations;
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

    /** The family's own head ({@link HeadConfig.Kind#HF}): its activation, and whether dropout precedes it too. */
    private final HiddenAct activation;
    private final boolean dropoutFirst;

    ClassificationHead(HeadConfig config, int hiddenSize, float initStd, ModelFamily family) {
        this.config = config;
        activation = config.kind() == HeadConfig.Kind.HF ? family.headActivation() : HiddenAct.RELU;
        dropoutFirst = config.kind() == HeadConfig.Kind.HF && family.dropoutBeforeHead();
        if (activation == null) {
            throw new IllegalArgumentException("--head hf is the head of RoBERTa, DistilBERT and ELECTRA; BERT's own is "
                    + "--head linear --pooling pooler");
        }
        if (config.kind() != HeadConfig.Kind.LINEAR) {
            int width = config.kind() == HeadConfig.Kind.HF ? hiddenSize : config.hidden();
            dense = addChildBlock("dense", new Dense(hiddenSize, width, initStd));
            out = addChildBlock("out_proj", new Dense(width, config.numLabels(), initStd));
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
        if (dropoutFirst) {
            x = Dropouts.dropout(x, config.dropout(), training);
        }
        if (dense != null) {
            x = Activations.apply(activation, call(dense, ps, training, x)); // (B, hidden)
        }
        x = Dropouts.dropout(x, config.dropout(), training);
        return new NDList(call(out, ps, training, x)); // (B, C)
    }
}
