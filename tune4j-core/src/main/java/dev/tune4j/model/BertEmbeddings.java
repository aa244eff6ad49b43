package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.BertConfig;

/** Word + position + token-type embeddings, then LayerNorm and dropout. In: ids, type ids (B, T). Out: (B, T, H). */
public final class BertEmbeddings extends Module {

    private final BertConfig config;
    private final EmbeddingTable wordEmbeddings;
    private final EmbeddingTable positionEmbeddings;
    private final EmbeddingTable tokenTypeEmbeddings;
    private final LayerNorm layerNorm;

    public BertEmbeddings(BertConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        float std = config.initializerRange();
        wordEmbeddings = addChildBlock("word_embeddings", new EmbeddingTable(config.vocabSize(), h, std));
        positionEmbeddings = addChildBlock("position_embeddings", new EmbeddingTable(config.maxPositionEmbeddings(), h, std));
        tokenTypeEmbeddings = addChildBlock("token_type_embeddings", new EmbeddingTable(config.typeVocabSize(), h, std));
        layerNorm = addChildBlock("LayerNorm", new LayerNorm(h, config.layerNormEps()));
    }

    public EmbeddingTable wordEmbeddings() {
        return wordEmbeddings;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0); // (B, T)
        NDArray typeIds = inputs.get(1); // (B, T)
        long t = ids.getShape().get(1);
        if (t > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("Sequence length " + t + " exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings() + "; truncate the input");
        }
        NDArray positions = ids.getManager().arange(0, (int) t, 1, DataType.INT64).expandDims(0); // (1, T)
        NDArray x = call(wordEmbeddings, ps, training, ids)
                .add(call(tokenTypeEmbeddings, ps, training, typeIds))
                .add(call(positionEmbeddings, ps, training, positions)); // (B, T, H)
        x = call(layerNorm, ps, training, x);
        return new NDList(Dropouts.dropout(x, config.hiddenDropoutProb(), training));
    }
}
