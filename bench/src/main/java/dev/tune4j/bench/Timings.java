package dev.tune4j.bench;

import java.util.Arrays;
import java.util.stream.DoubleStream;

/** Wall times of repeated runs of one measurement, in milliseconds. */
record Timings(double[] millis) {

    static Timings of(double[]... parts) {
        return new Timings(Arrays.stream(parts).flatMapToDouble(DoubleStream::of).toArray());
    }

    /** The median: robust to the odd slow run when other processes share the machine. */
    double median() {
        double[] s = millis.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    double min() {
        return Arrays.stream(millis).min().orElseThrow();
    }
}
