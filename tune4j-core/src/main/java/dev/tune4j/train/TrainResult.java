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
 * @param precision what the backbone computed in (FP32 or BF16): its frozen features, or the matrix products
 *     of training (bf16 mixed precision)
 */
public record TrainResult(List<EpochMetrics> epochs, int bestEpoch, long trainableParameters, long totalParameters,
                          int microBatchSize, Evaluation validation, Precision precision) {

    public TrainResult {
        epochs = List.copyOf(epochs);
        if (precision == null || precision == Precision.AUTO) {
            throw new IllegalArgumentException("precision must be resolved to FP32 or BF16, got " + precision);
        }
    }

    public EpochMetrics best() {
        return epochs.stream().filter(m -> m.epoch() == bestEpoch).findFirst().orElseThrow();
    }
}
