package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.BertConfig;

/**
 * Word + position + token-type embeddings, then LayerNorm and dropout. In: ids, type ids (B, T). Out: (B, T, E), E the
 * embedding size (H but in ELECTRA). DistilBERT has no token types; RoBERTa numbers positions after padding_idx.
 */
public final class BertEmbeddings extends Module {

    private final BertConfig config;
    private final EmbeddingTable wordEmbeddings;
    private final EmbeddingTable positionEmbeddings;
    private final EmbeddingTable tokenTypeEmbeddings;
    private final LayerNorm layerNorm;

    public BertEmbeddings(BertConfig config) {
        this.config = config;
        int h = config.embeddingSize();
        float std = config.initializerRange();
        wordEmbeddings = addChildBlock("word_embeddings", new EmbeddingTable(config.vocabSize(), h, std));
        positionEmbeddings = addChildBlock("position_embeddings", new EmbeddingTable(config.maxPositionEmbeddings(), h, std));
        tokenTypeEmbeddings = config.family().tokenTypes()
                ? addChildBlock("token_type_embeddings", new EmbeddingTable(config.typeVocabSize(), h, std)) : null;
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
        if (t > config.maxTokens()) {
            throw new IllegalArgumentException("Sequence length " + t + " exceeds the model's " + config.maxTokens()
                    + " positions; truncate the input");
        }
        NDArray x = call(wordEmbeddings, ps, training, ids); // (B, T, E)
        if (tokenTypeEmbeddings != null) {
            x = x.add(call(tokenTypeEmbeddings, ps, training, typeIds));
        }
        x = x.add(call(positionEmbeddings, ps, training, positions(ids))); // (B, T, E)
        x = call(layerNorm, ps, training, x);
        return new NDList(Dropouts.dropout(x, config.hiddenDropoutProb(), training));
    }

    /**
     * 0, 1, 2, … (1, T); or, where positions start after padding (RoBERTa), Hugging Face's
     * {@code create_position_ids_from_input_ids}: padding_idx + the running count of non-pad tokens, padding_idx
     * itself at padding (B, T).
     */
    private NDArray positions(NDArray ids) {
        long t = ids.getShape().get(1);
        if (!config.family().positionsAfterPadding()) {
            return ids.getManager().arange(0, (int) t, 1, DataType.INT64).expandDims(0); // (1, T)
        }
        NDArray real = ids.neq(config.padTokenId()).toType(DataType.INT64, false); // (B, T)
        return real.cumSum(1).mul(real).add(config.padTokenId()); // (B, T)
    }
}
