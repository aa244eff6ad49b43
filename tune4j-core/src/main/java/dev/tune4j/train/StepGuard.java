package dev.tune4j.train;

import ai.djl.nn.Parameter;
import dev.tune4j.Tune4jException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Clips the accumulated gradients and decides whether the optimizer may step. One update from a
 * non-finite loss or gradient would make every weight NaN, so such a step is skipped with its gradients
 * zeroed; a run that keeps producing them has diverged, and stops with a message rather than spending
 * its epochs on skipped steps. Every trainer (classifier, MLM, prompt) steps through one of these.
 */
public final class StepGuard {

    static final int MAX_IN_A_ROW = 3;

    private final float clipNorm;
    private final boolean resumable;
    private final Consumer<String> log;
    private int inARow;
    private int skipped;

    /**
     * @param clipNorm global gradient-norm clip, 0 for none
     * @param resumable whether the run checkpoints its epochs for {@code --resume}, which the message then says
     */
    public StepGuard(float clipNorm, boolean resumable, Consumer<String> log) {
        this.clipNorm = clipNorm;
        this.resumable = resumable;
        this.log = log;
    }

    /**
     * Clips {@code params}' gradients and returns true when step {@code step} (1-based) may update them;
     * otherwise zeroes the gradients and returns false, or throws once {@value #MAX_IN_A_ROW} steps in a
     * row were skipped.
     */
    public boolean clipAndCheck(List<Parameter> params, double loss, long step, float lr) {
        double norm = Gradients.clipGlobalNorm(params, clipNorm > 0 ? clipNorm : Float.MAX_VALUE);
        if (Double.isFinite(norm) && Double.isFinite(loss)) {
            inARow = 0;
            return true;
        }
        Gradients.zero(params);
        skipped++;
        log.accept(String.format(Locale.ROOT, "skipped step %d: non-finite loss or gradient (loss %s)", step, loss));
        if (++inARow >= MAX_IN_A_ROW) {
            throw new Tune4jException(String.format(Locale.ROOT, "training diverged: %d steps in a row had a non-finite "
                    + "loss or gradient at learning rate %.3g; lower --lr%s", inARow, lr,
                    resumable ? " (completed epochs are kept: --resume continues from the last one)" : ""));
        }
        return false;
    }

    /** Steps skipped so far. */
    public int skipped() {
        return skipped;
    }
}
