package dev.tune4j.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** How a sequence of hidden states (B, T, H) becomes one vector per text (B, H). */
public enum Pooling {
    /** The hidden state of {@code [CLS]}: what a classification head is trained on. */
    CLS,
    /** The average over real tokens, padding excluded. */
    MEAN,
    /** tanh(dense(h[CLS])), the pooler trained with next-sentence prediction. */
    POOLER;

    /** CLS and MEAN pooling of {@code sequence} (B, T, H) with {@code mask} (B, T); POOLER comes from the model. */
    public NDArray pool(NDArray sequence, NDArray mask) {
        return switch (this) {
            case CLS -> sequence.get(":, 0, :");
            case MEAN -> {
                NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2); // (B, T, 1)
                yield sequence.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f)); // (B, H)
            }
            case POOLER -> throw new IllegalStateException("the pooler output comes from BertModel, not from pooling");
        };
    }
}
