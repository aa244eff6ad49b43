package dev.tune4j.train;

import java.util.List;

/**
 * What a finished run achieved.
 *
 * @param epochs per-epoch metrics, in order
 * @param bestEpoch the epoch whose weights the model now holds (1-based)
 * @param trainableParameters parameters that trained
 * @param totalParameters all parameters of the model
 * @param microBatchSize examples per forward/backward pass
 * @param validation predictions of the final (best-epoch) weights on the validation set
 */
public record TrainResult(List<EpochMetrics> epochs, int bestEpoch, long trainableParameters, long totalParameters,
                          int microBatchSize, Evaluation validation) {

    public TrainResult {
        epochs = List.copyOf(epochs);
    }

    public EpochMetrics best() {
        return epochs.stream().filter(m -> m.epoch() == bestEpoch).findFirst().orElseThrow();
    }
}
