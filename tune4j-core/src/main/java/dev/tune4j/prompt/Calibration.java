package dev.tune4j.prompt;

import dev.tune4j.Tune4jException;
import java.util.List;
import java.util.Locale;

/**
 * Contextual calibration of label-word probabilities: a prompt prefers some words whatever the text (on IMDB
 * reviews, "It was [MASK]." says "great" or "good" for four reviews in five), so each word's probability q_w
 * is divided by a prior cf_w and the quotients renormalised. The prior comes from a content-free input such as
 * "N/A" (Zhao et al. 2021, "Calibrate Before Use"), or from the inputs themselves, the mean of q over the texts
 * classified together (batch calibration, Zhou et al. 2024), which also captures what the reviews' length and
 * domain do to the prompt, and assumes that the batch is not dominated by one class. W letters the words.
 */
public final class Calibration {

    /** Zhao et al.'s content-free input. */
    public static final List<String> CONTENT_FREE = List.of("N/A");
    /** Fewer texts than this give too noisy a batch prior: {@link Mode#AUTO} falls back to the content-free input. */
    public static final int MIN_BATCH = 32;

    /** Where the prior comes from. */
    public enum Mode {
        OFF, CONTENT_FREE, BATCH,
        /** BATCH for at least {@link #MIN_BATCH} texts, CONTENT_FREE for fewer. */
        AUTO;

        /** What this mode does for {@code texts} texts classified together: never AUTO. */
        public Mode resolve(int texts) {
            return this != AUTO ? this : texts >= MIN_BATCH ? BATCH : CONTENT_FREE;
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Mode fromCliName(String name) {
            for (Mode m : values()) {
                if (m.cliName().equalsIgnoreCase(name.strip())) {
                    return m;
                }
            }
            throw new Tune4jException("calibration '" + name + "' is not one of auto, batch, content-free, off");
        }
    }

    private Calibration() {}

    /** The mean of the rows' word probabilities (W), each row given as log q normalised over W. */
    public static float[] meanProbabilities(float[][] logq) {
        float[] mean = new float[logq[0].length];
        for (float[] row : logq) {
            for (int w = 0; w < row.length; w++) {
                mean[w] += (float) Math.exp(row[w]) / logq.length;
            }
        }
        return mean;
    }

    /** q'_w = (q_w / cf_w) / Σ_v (q_v / cf_v), in place on log q (W). */
    public static void apply(float[] logq, float[] cf) {
        double z = 0;
        for (int w = 0; w < logq.length; w++) {
            logq[w] -= (float) Math.log(cf[w]);
            z += Math.exp(logq[w]);
        }
        float logZ = (float) Math.log(z);
        for (int w = 0; w < logq.length; w++) {
            logq[w] -= logZ;
        }
    }
}
