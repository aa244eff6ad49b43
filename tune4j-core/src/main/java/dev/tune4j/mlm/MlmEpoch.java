package dev.tune4j.mlm;

/**
 * One epoch of masked-LM training; epoch 0 is the model before any step.
 *
 * @param trainLoss mean cross-entropy per masked token over the epoch (NaN for epoch 0)
 * @param valLoss mean cross-entropy per masked token on the held-out documents, same masks every epoch
 * @param valPerplexity exp(valLoss)
 * @param valAccuracy share of held-out masked tokens predicted exactly
 */
public record MlmEpoch(int epoch, double trainLoss, double valLoss, double valPerplexity, double valAccuracy,
                       double learningRate, double seconds) {

    public String describe() {
        return String.format(java.util.Locale.ROOT, "epoch %d: train loss %.4f  held-out loss %.4f  perplexity %.2f"
                + "  masked-token accuracy %.2f%%", epoch, trainLoss, valLoss, valPerplexity, 100 * valAccuracy);
    }
}
