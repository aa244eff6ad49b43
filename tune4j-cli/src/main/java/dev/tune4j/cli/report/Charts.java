package dev.tune4j.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * PNG charts for training reports, drawn with Java2D.
 *
 * <p>Loading this class switches AWT to headless mode unless {@code java.awt.headless} was set
 * explicitly: the switch only works before AWT initialises, and a report must render on a server with no
 * display. Files are written atomically.
 */
public final class Charts {

    /** The line and ROC charts' size: large enough to read in a report without zooming. */
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 600;
    public static final int ROC_WIDTH = 900;
    public static final int ROC_HEIGHT = 680;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    /**
     * A line chart of {@code series} with a legend, nice ticks and a marker at each point (markers are
     * left out above {@value LineChart#MAX_MARKED_POINTS} points per series, except at isolated points).
     * Non-finite points leave gaps; a single point is drawn as a marker. When every x value is a whole
     * number, as epochs are, x ticks are whole numbers too.
     */
    public static void lineChart(Path png, String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a line chart needs at least one series: " + title);
        }
        try (Canvas canvas = new Canvas(WIDTH, HEIGHT)) {
            LineChart.draw(canvas, title, xLabel, yLabel, series);
            canvas.save(png);
        }
    }

    /**
     * A heat map of {@code counts[true][predicted]}: each cell shows its count and its share of the true
     * label's row, shaded by that share. At least 800×500; larger for many or long labels. Cells of many-class
     * matrices become too small for numbers and show only the shade.
     */
    public static void confusionMatrix(Path png, List<String> labels, long[][] counts) throws IOException {
        requireSquare(labels, counts);
        int[] size;
        try (Canvas probe = new Canvas(1, 1)) {
            size = HeatMap.size(probe, labels);
        }
        try (Canvas canvas = new Canvas(size[0], size[1])) {
            HeatMap.draw(canvas, labels, counts);
            canvas.save(png);
        }
    }

    /** A ROC curve from points such as {@code ClassificationMetrics.roc()}, with the chance diagonal. */
    public static void rocCurve(Path png, double[] fpr, double[] tpr, double auc) throws IOException {
        if (fpr.length != tpr.length || fpr.length == 0) {
            throw new IllegalArgumentException(
                    "need as many fpr (" + fpr.length + ") as tpr (" + tpr.length + ") values, at least one");
        }
        for (int i = 0; i < fpr.length; i++) {
            if (!(fpr[i] >= 0 && fpr[i] <= 1 && tpr[i] >= 0 && tpr[i] <= 1)) {
                throw new IllegalArgumentException("ROC point " + i + " (" + fpr[i] + ", " + tpr[i]
                        + ") is outside the unit square");
            }
        }
        try (Canvas canvas = new Canvas(ROC_WIDTH, ROC_HEIGHT)) {
            RocChart.draw(canvas, fpr, tpr, auc);
            canvas.save(png);
        }
    }

    private static void requireSquare(List<String> labels, long[][] counts) {
        if (labels.isEmpty() || counts.length != labels.size()) {
            throw new IllegalArgumentException(
                    "need one confusion row per label but got " + counts.length + " rows for " + labels.size() + " labels");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != labels.size()) {
                throw new IllegalArgumentException("confusion row " + i + " has " + counts[i].length
                        + " columns but there are " + labels.size() + " labels");
            }
        }
    }
}
