package dev.tune4j.train;

/**
 * What a training run reports while it works; the CLI draws progress bars from it, a library user may
 * ignore it. Callbacks come from the training thread.
 */
public interface TrainingListener {

    TrainingListener SILENT = new TrainingListener() {};

    /** A line worth showing (parameter counts, cache hits, where files go). */
    default void log(String line) {}

    /** A long phase starts: "features", "epoch 3/5", "validate". */
    default void phaseStarted(String phase, long totalUnits, String unit) {}

    /** {@code done} units of the current phase are finished; {@code loss} is NaN where none applies. */
    default void progress(long done, double loss) {}

    default void phaseEnded() {}

    default void epochEnded(EpochMetrics metrics) {}
}
