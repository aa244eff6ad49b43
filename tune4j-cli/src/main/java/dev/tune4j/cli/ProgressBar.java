package dev.tune4j.cli;

import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress with throughput and ETA on stderr. On a terminal one line is redrawn in place; when stderr
 * is a file or pipe (CI, nohup) a line is printed every 10% instead, so logs stay readable.
 */
public final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final boolean multiLabel;
    private String phase = "";
    private String unit = "";
    private long total;
    private long startNanos;
    private long lastDraw;
    private int lastDecile = -1;

    public ProgressBar(PrintStream err) {
        this(err, false);
    }

    /** For training on multi-label data, whose epochs report subset accuracy and micro/macro F1. */
    public ProgressBar(PrintStream err, boolean multiLabel) {
        this.err = err;
        this.terminal = System.console() != null;
        this.multiLabel = multiLabel;
    }

    @Override
    public void log(String line) {
        clearLine();
        err.println("tune4j: " + line);
    }

    @Override
    public void phaseStarted(String name, long totalUnits, String unitName) {
        phase = name;
        unit = unitName;
        total = totalUnits;
        startNanos = System.nanoTime();
        lastDraw = 0;
        lastDecile = -1;
    }

    @Override
    public void progress(long done, double loss) {
        long now = System.nanoTime();
        int decile = total == 0 ? 10 : (int) (10 * done / total);
        if (terminal ? now - lastDraw < REDRAW_NANOS && done < total : decile == lastDecile) {
            return;
        }
        lastDraw = now;
        lastDecile = decile;
        double seconds = (now - startNanos) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String lossText = Double.isNaN(loss) ? "" : String.format(Locale.ROOT, "  loss %.4f", loss);
        String line = String.format(Locale.ROOT, "%-12s [%s] %d/%d %s  %.1f %s/s%s  %s %s", phase, bar, done, total,
                unit, rate, unit, lossText, done < total ? "ETA" : "took", clock(done < total ? eta : seconds));
        if (terminal) {
            err.print("\r" + line + "\033[K");
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void phaseEnded() {
        if (terminal) {
            err.println();
        }
    }

    @Override
    public void epochEnded(EpochMetrics m) {
        String scores = multiLabel
                ? String.format(Locale.ROOT, "val subset accuracy %.2f%%  micro F1 %.4f  macro F1 %.4f",
                        100 * m.valAccuracy(), m.valMicroF1(), m.valMacroF1())
                : String.format(Locale.ROOT, "val accuracy %.2f%%", 100 * m.valAccuracy());
        err.println(String.format(Locale.ROOT, "epoch %d: train loss %.4f  val loss %.4f  %s  (%s)%s", m.epoch(),
                m.trainLoss(), m.valLoss(), scores, clock(m.seconds()), m.best() ? "  * best" : ""));
    }

    private void clearLine() {
        if (terminal) {
            err.print("\r\033[K");
        }
    }

    public static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
