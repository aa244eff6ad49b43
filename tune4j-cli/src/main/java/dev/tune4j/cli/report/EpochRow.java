package dev.tune4j.cli.report;

/**
 * One epoch of a training run as the report shows it. Any metric may be NaN when it was not measured,
 * for example a validation loss on an epoch that skipped evaluation; the report shows a dash and the
 * charts leave a gap.
 *
 * @param epoch the epoch number, as counted by the trainer (usually from 1)
 * @param best whether this epoch's weights were kept as the best
 */
public record EpochRow(
        int epoch, double trainLoss, double valLoss, double valAccuracy, double learningRate, double seconds,
        boolean best) {

    public EpochRow {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0 but was " + epoch);
        }
        if (valAccuracy < 0 || valAccuracy > 1) {
            throw new IllegalArgumentException("validation accuracy must be in [0, 1] or NaN but was " + valAccuracy);
        }
        if (seconds < 0 || learningRate < 0) {
            throw new IllegalArgumentException("seconds (" + seconds + ") and learning rate (" + learningRate
                    + ") must be >= 0 or NaN");
        }
    }
}
