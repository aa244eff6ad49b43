package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.BiConsumer;
import dev.tune4j.config.BertConfig;

/**
 * The masked-LM head, checkpoint scope {@code cls.predictions}: LayerNorm(act(dense(h))) · Eᵀ + bias, where
 * E is the word embedding table (the decoder is tied to it, as in BERT). (B, T, H) → (B, T, V).
 */
public final class BertLMPredictionHead extends Module {

    private final BertConfig config;
    private final Dense dense;
    private final LayerNorm layerNorm;
    private final Parameter bias;
    private final Parameter decoderWeight;

    public BertLMPredictionHead(BertConfig config, Parameter wordEmbeddings) {
        this.config = config;
        // Hugging Face nests these under "transform"; the child names keep the checkpoint keys.
        dense = addChildBlock("transform.dense", new Dense(config.hiddenSize(), config.hiddenSize(), config.initializerRange()));
        layerNorm = addChildBlock("transform.LayerNorm", new LayerNorm(config.hiddenSize(), config.layerNormEps()));
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
        decoderWeight = wordEmbeddings;
    }

    @Override
    protected void declareShapes(BiConsumer<Parameter, Shape> sink) {
        sink.accept(bias, new Shape(config.vocabSize()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.singletonOrThrow(); // (B, T, H) or (M, H) for gathered mask positions
        NDArray t = call(layerNorm, ps, training, Activations.apply(config.hiddenAct(), call(dense, ps, training, h)));
        NDArray embeddings = ps.getValue(decoderWeight, h.getDevice(), training); // (V, H)
        return new NDList(t.matMul(embeddings.transpose()).add(ps.getValue(bias, h.getDevice(), training))); // (…, V)
    }
}
