package dev.tune4j.prompt;

import dev.tune4j.Tune4jException;
import java.util.List;
import java.util.Locale;

/**
 * Contextual calibration of label-word probabilities: a prompt prefers some words whatever the text (on IMDB
 * reviews, "{text} In summary, the movie was [MASK]." says a positive word for 90% of them uncalibrated), so each
 * word's probability q_w is divided by a prior cf_w and the quotients renormalised. The prior is the mean of q
 * for the content-free inputs "N/A", "" and "[MASK]" (Zhao et al. 2021, "Calibrate Before Use"), or the mean
 * of q over the texts classified together (batch calibration, Zhou et al. 2024), which assumes that no class
 * dominates them. W letters the words.
 */
public final class Calibration {

    /**
     * Zhao et al.'s content-free inputs, whose probabilities are averaged: on IMDB development reviews the three
     * together beat "N/A" alone by 2.3 points with the default template (bench/RESULTS.md).
     */
    public static final List<String> CONTENT_FREE = List.of("N/A", "", "[MASK]");

    /** Where the prior comes from. */
    public enum Mode {
        OFF, CONTENT_FREE, BATCH;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Mode fromCliName(String name) {
            for (Mode m : values()) {
                if (m.cliName().equalsIgnoreCase(name.strip())) {
                    return m;
                }
            }
            throw new Tune4jException("calibration '" + name + "' is not one of content-free, batch, off");
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
