package dev.tune4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tune4j.engine.Scalars;
import java.util.Arrays;

/** Losses on logits. Targets are built on the host and sent once per batch. */
public final class Losses {

    private Losses() {}

    /**
     * Mean cross-entropy of logits (B, C) against class ids, optionally class-weighted with PyTorch's
     * semantics: Σ w_y·nll / Σ w_y. One log-softmax on raw logits; the head never applies its own.
     */
    public static NDArray crossEntropy(NDArray logits, int[] labels, float[] classWeights) {
        int b = labels.length;
        int c = (int) logits.getShape().get(1);
        float[] weighted = new float[b * c];
        double total = 0;
        for (int i = 0; i < b; i++) {
            float w = classWeights == null ? 1f : classWeights[labels[i]];
            weighted[i * c + labels[i]] = w;
            total += w;
        }
        NDManager m = logits.getManager();
        NDArray target = m.create(weighted, new Shape(b, c));
        return Scalars.div(logits.logSoftmax(-1).mul(target).sum().neg(), total);
    }

    /**
     * Mean binary cross-entropy of logits (B, C) against label-id sets, over examples and labels, as
     * PyTorch's BCEWithLogitsLoss: ℓ = w·y·softplus(−x) + (1−y)·softplus(x), where softplus(x) =
     * max(x,0) + log(1+e^−|x|) never overflows; with w = 1 this is max(x,0) − x·y + log(1+e^−|x|).
     *
     * @param labels each example's label ids
     * @param positiveWeights per label, the weight w of its positive examples (PyTorch's pos_weight), or null for 1
     */
    public static NDArray binaryCrossEntropy(NDArray logits, int[][] labels, float[] positiveWeights) {
        int b = labels.length;
        int c = (int) logits.getShape().get(1);
        float[] negative = new float[b * c];
        float[] positive = new float[b * c];
        Arrays.fill(negative, 1f);
        for (int i = 0; i < b; i++) {
            for (int label : labels[i]) {
                negative[i * c + label] = 0f;
                positive[i * c + label] = positiveWeights == null ? 1f : positiveWeights[label];
            }
        }
        NDManager m = logits.getManager();
        Shape shape = new Shape(b, c);
        NDArray x = logits;
        NDArray softplus = Scalars.maximum(x, 0).add(x.abs().neg().exp().add(1f).log()); // −log(1 − σ(x))
        return softplus.mul(m.create(negative, shape)).add(softplus.sub(x).mul(m.create(positive, shape))).mean();
    }
}
