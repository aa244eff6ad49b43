package dev.tune4j.cli.report;

import java.util.Locale;

/**
 * A numeric axis from {@code min} to {@code max} with ticks every {@code step}, where all three are
 * "nice" numbers (1, 2 or 5 times a power of ten), after Heckbert's "Nice numbers for graph labels".
 */
record Axis(double min, double max, double step) {

    Axis {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max && step > 0)) {
            throw new IllegalArgumentException("bad axis: min " + min + ", max " + max + ", step " + step);
        }
    }

    /**
     * An axis covering {@code [lo, hi]} with at most about {@code maxTicks} ticks. A single value gets a
     * range around it, and no finite value at all gets [0, 1]. With {@code integral} the step is a whole
     * number, so that an epoch axis never shows epoch 1.5.
     */
    static Axis nice(double lo, double hi, int maxTicks, boolean integral) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new Axis(0, 1, 0.2);
        }
        if (lo == hi) {
            double pad = integral ? 1 : (lo == 0 ? 1 : Math.abs(lo) * 0.1);
            lo -= pad;
            hi += pad;
        }
        double step = niceNumber(niceNumber(hi - lo, false) / Math.max(1, maxTicks - 1), true);
        if (integral) {
            step = Math.max(1, Math.round(step));
        }
        return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
    }

    int tickCount() {
        return (int) Math.round((max - min) / step) + 1;
    }

    /** The i-th tick, computed from the start rather than by accumulation so that rounding does not drift. */
    double tick(int i) {
        return min + i * step;
    }

    /** {@code value} with just enough decimals to tell ticks apart: 0.25 steps show two. */
    String format(double value) {
        int decimals = 0;
        while (decimals < 8 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) {
            decimals++;
        }
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.matches("-0(\\.0*)?") ? text.substring(1) : text;
    }

    /** The fraction of the way from min to max. */
    double fraction(double value) {
        return (value - min) / (max - min);
    }

    private static double niceNumber(double range, boolean round) {
        double exponent = Math.floor(Math.log10(range));
        double fraction = range / Math.pow(10, exponent);
        double nice;
        if (round) {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        }
        return nice * Math.pow(10, exponent);
    }
}
