package dev.tune4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

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
        return logits.logSoftmax(-1).mul(target).sum().neg().div((float) total);
    }

    /** Mean binary cross-entropy with logits (B, C) against 0/1 targets, the stable form max(x,0) − x·y + log(1+e^−|x|). */
    public static NDArray binaryCrossEntropy(NDArray logits, float[] targets) {
        NDArray y = logits.getManager().create(targets, logits.getShape());
        NDArray x = logits;
        return x.maximum(0f).sub(x.mul(y)).add(x.abs().neg().exp().add(1f).log()).mean();
    }
}
