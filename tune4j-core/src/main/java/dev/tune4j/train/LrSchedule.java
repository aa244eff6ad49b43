package dev.tune4j.train;

/**
 * Learning rate by optimizer step: linear warm-up to the peak, then constant or linear decay to zero
 * (Hugging Face's get_linear_schedule_with_warmup).
 *
 * @param peak the learning rate after warm-up
 * @param warmupSteps steps of linear warm-up from 0
 * @param totalSteps steps of the whole run
 * @param decay whether the rate falls linearly to 0 at {@code totalSteps}
 */
public record LrSchedule(float peak, long warmupSteps, long totalSteps, boolean decay) {

    public LrSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("invalid schedule: peak " + peak + ", warm-up " + warmupSteps
                    + " of " + totalSteps + " steps");
        }
    }

    /** The rate for step {@code step} (0-based). */
    public float at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / (warmupSteps + 1);
        }
        if (!decay) {
            return peak;
        }
        long span = Math.max(1, totalSteps - warmupSteps);
        return peak * Math.max(0f, (float) (totalSteps - step) / span);
    }
}
