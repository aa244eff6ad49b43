package dev.tune4j.train;

import dev.tune4j.engine.Precision;
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
 * @param featurePrecision what the backbone computed frozen features in (FP32 or BF16); FP32 when it trained
 */
public record TrainResult(List<EpochMetrics> epochs, int bestEpoch, long trainableParameters, long totalParameters,
                          int microBatchSize, Evaluation validation, Precision featurePrecision) {

    public TrainResult {
        epochs = List.copyOf(epochs);
        if (featurePrecision == null || featurePrecision == Precision.AUTO) {
            throw new IllegalArgumentException("feature precision must be resolved to FP32 or BF16, got " + featurePrecision);
        }
    }

    public EpochMetrics best() {
        return epochs.stream().filter(m -> m.epoch() == bestEpoch).findFirst().orElseThrow();
    }
}
