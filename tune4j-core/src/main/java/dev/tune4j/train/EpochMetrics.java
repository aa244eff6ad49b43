package dev.tune4j.train;

/**
 * One epoch's numbers.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss over the epoch's batches
 * @param valLoss mean validation loss, dropout off, no gradients
 * @param valAccuracy share of validation examples whose argmax is right
 * @param valMacroF1 unweighted mean of per-class F1
 * @param learningRate the rate at the epoch's last step
 * @param seconds wall time of the epoch, evaluation included
 * @param best whether this epoch's weights are the best so far
 */
public record EpochMetrics(int epoch, double trainLoss, double valLoss, double valAccuracy, double valMacroF1,
                           double learningRate, double seconds, boolean best) {}
