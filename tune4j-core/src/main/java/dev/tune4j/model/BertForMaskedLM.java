package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.BertConfig;

/**
 * BERT with its masked-LM head, checkpoint scopes {@code bert} and {@code cls.predictions}.
 * In: ids, type ids, mask (B, T). Out: logits (B, T, V) and the sequence output (B, T, H).
 */
public final class BertForMaskedLM extends Module {

    private final BertModel bert;
    private final BertLMPredictionHead head;

    public BertForMaskedLM(BertConfig config) {
        config.family().maskedLmClass(); // refuses, in one line, a family without an MLM head (ELECTRA)
        bert = addChildBlock("bert", new BertModel(config, false));
        head = addChildBlock("cls.predictions",
                new BertLMPredictionHead(config, bert.embeddings().wordEmbeddings().weight()));
    }

    public BertModel bert() {
        return bert;
    }

    public BertLMPredictionHead head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray sequence = bert.forward(ps, inputs, training).get(0); // (B, T, H)
        return new NDList(head.forward(ps, new NDList(sequence), training).singletonOrThrow(), sequence);
    }
}
