package dev.tune4j.cli.report;

import java.util.Arrays;

/**
 * One named line of a chart: points ({@code x[i]}, {@code y[i]}). A NaN or infinite coordinate leaves a
 * gap in the line, e.g. a validation loss for an epoch that was not evaluated.
 */
public record Series(String name, double[] x, double[] y) {

    public Series {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a series needs a name for the legend");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "' has " + x.length + " x values but " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    int size() {
        return x.length;
    }

    boolean isFinite(int i) {
        return Double.isFinite(x[i]) && Double.isFinite(y[i]);
    }

    double xAt(int i) {
        return x[i];
    }

    double yAt(int i) {
        return y[i];
    }

    /** Compares the points by content, which a record's generated equals would not. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && name.equals(s.name) && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(x)) + Arrays.hashCode(y);
    }
}
