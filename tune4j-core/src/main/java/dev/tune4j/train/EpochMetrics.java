package dev.tune4j.train;

import dev.tune4j.eval.MultiLabelMetrics;

/**
 * One epoch's numbers.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss over the epoch's batches
 * @param valLoss mean validation loss, dropout off, no gradients
 * @param valAccuracy share of validation examples whose predicted label set is right: the argmax, or for
 *     multi-label every label at or over the threshold (subset accuracy)
 * @param valMacroF1 unweighted mean of per-label F1
 * @param valMicroF1 F1 of every (example, label) decision pooled; equals the accuracy for single-label
 * @param learningRate the rate at the epoch's last step
 * @param seconds wall time of the epoch, evaluation included
 * @param best whether this epoch's weights are the best so far
 */
public record EpochMetrics(int epoch, double trainLoss, double valLoss, double valAccuracy, double valMacroF1,
                           double valMicroF1, double learningRate, double seconds, boolean best) {

    /** An epoch scored on {@code eval}, not (yet) the best; the validation set is counted once. */
    public static EpochMetrics of(int epoch, double trainLoss, Evaluation eval, double learningRate, double seconds) {
        MultiLabelMetrics scores = eval.scores();
        return new EpochMetrics(epoch, trainLoss, eval.loss(), scores.subsetAccuracy(), scores.macroF1(),
                scores.microF1(), learningRate, seconds, false);
    }

    /** The same numbers, marked as the best epoch so far. */
    public EpochMetrics asBest() {
        return new EpochMetrics(epoch, trainLoss, valLoss, valAccuracy, valMacroF1, valMicroF1, learningRate, seconds, true);
    }
}
