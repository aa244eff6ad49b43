package dev.tune4j.cli.report;

import java.awt.Color;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/** Draws named series as lines with point markers on a shared pair of axes. */
final class LineChart {

    /** Tableau 10: distinct hues that stay readable when printed in grey. */
    static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728), new Color(0x9467BD),
        new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF),
    };
    /** Above this many points per series markers would merge into a blur; the line alone shows the shape. */
    static final int MAX_MARKED_POINTS = 100;

    private LineChart() {}

    static void draw(Canvas canvas, String title, String xLabel, String yLabel, List<Series> series) {
        double[] xr = range(series, true);
        double[] yr = range(series, false);
        boolean integral = allIntegral(series);
        List<Legend.Entry> entries = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            entries.add(new Legend.Entry(series.get(s).name(), color(s), Marker.forSeries(s), false));
        }
        Legend legend = new Legend(canvas, entries);
        PlotFrame frame = new PlotFrame(canvas, n -> Axis.nice(xr[0], xr[1], n, integral),
                n -> Axis.nice(yr[0], yr[1], n, false), legend.width());
        frame.draw(title, xLabel, yLabel);
        for (int s = 0; s < series.size(); s++) {
            drawSeries(canvas, frame, series.get(s), color(s), Marker.forSeries(s));
        }
        if (Double.isNaN(xr[0])) {
            canvas.centred(Canvas.LABEL, Canvas.INK, "no data", frame.plot.getCenterX(), frame.plot.getCenterY());
        }
        legend.draw(frame.plot.getMaxX() + 24, frame.plot.y);
    }

    static Color color(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /** Draws the line, broken wherever a point is not finite, and its markers. */
    static void drawSeries(Canvas canvas, PlotFrame frame, Series s, Color color, Marker marker) {
        var g = canvas.g;
        g.setColor(color);
        g.setStroke(Legend.stroke(false));
        Path2D.Double path = new Path2D.Double();
        boolean penDown = false;
        for (int i = 0; i < s.size(); i++) {
            if (!s.isFinite(i)) {
                penDown = false;
                continue;
            }
            double px = frame.px(s.xAt(i));
            double py = frame.py(s.yAt(i));
            if (penDown) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
            }
            penDown = true;
        }
        g.draw(path);
        for (int i = 0; i < s.size(); i++) {
            boolean isolated = (i == 0 || !s.isFinite(i - 1)) && (i == s.size() - 1 || !s.isFinite(i + 1));
            if (s.isFinite(i) && (s.size() <= MAX_MARKED_POINTS || isolated)) {
                marker.draw(g, frame.px(s.xAt(i)), frame.py(s.yAt(i)), 4.5);
            }
        }
    }

    /** {min, max} of the finite points' x or y values; {NaN, NaN} when there is none. */
    private static double[] range(List<Series> series, boolean ofX) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (s.isFinite(i)) {
                    double v = ofX ? s.xAt(i) : s.yAt(i);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }

    private static boolean allIntegral(List<Series> series) {
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (s.isFinite(i) && s.xAt(i) != Math.rint(s.xAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }
}
