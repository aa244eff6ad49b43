package dev.tune4j.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.tune4j.model.BertModel;

/** How a sequence of hidden states (B, T, H) becomes one vector per text (B, H). */
public enum Pooling {
    /** The hidden state of {@code [CLS]}: what a classification head is trained on. */
    CLS,
    /** The average over real tokens, padding excluded. */
    MEAN,
    /** tanh(dense(h[CLS])), the pooler trained with next-sentence prediction. */
    POOLER,
    /** The element-wise maximum over real tokens, padding excluded (sentence-transformers' max pooling). */
    MAX;

    /**
     * One vector per text (B, H) from {@code bert} run on {@code inputs} (ids, type ids, mask, each (B, T)). CLS and
     * POOLER read [CLS] alone, so bert's last layer computes nothing else ({@link BertModel#forwardFirstToken}).
     */
    public NDArray pooled(BertModel bert, ParameterStore ps, NDList inputs, boolean training) {
        if (this == MEAN) {
            NDArray sequence = bert.forward(ps, inputs, training).get(0); // (B, T, H)
            NDArray m = inputs.get(2).toType(DataType.FLOAT32, false).expandDims(2); // (B, T, 1)
            return sequence.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f)); // (B, H)
        }
        if (this == MAX) {
            NDArray sequence = bert.forward(ps, inputs, training).get(0); // (B, T, H)
            NDArray real = inputs.get(2).gt(0).expandDims(2).broadcast(sequence.getShape()); // (B, T, H)
            // sentence-transformers sets padded states to -1e9 before the maximum; so does this.
            NDArray floor = sequence.getManager().full(sequence.getShape(), -1e9f, sequence.getDataType());
            return NDArrays.where(real, sequence, floor).max(new int[] {1}); // (B, H)
        }
        NDList out = bert.forwardFirstToken(ps, inputs, training);
        return this == POOLER ? out.get(1) : out.get(0).get(":, 0, :"); // (B, H)
    }
}
