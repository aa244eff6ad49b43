package dev.tune4j.cli.report;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.function.IntFunction;

/**
 * The frame of an x–y chart: title, plot rectangle, grid, ticks and axis titles, and the mapping from
 * data to pixels. Tick counts follow the space available so that tick labels never overlap.
 */
final class PlotFrame {

    private static final int PAD = 20;
    private static final int MAX_TICKS = 11;
    /** Data keeps this far from the frame, so markers at the extremes are not cut by the axis lines. */
    private static final int INSET = 14;

    private final Canvas canvas;
    final Axis x;
    final Axis y;
    final Rectangle2D.Double plot;

    /**
     * Lays out a frame that leaves {@code rightReserve} pixels free on the right (for a legend). Each
     * axis function returns an axis with at most about the given number of ticks.
     */
    PlotFrame(Canvas canvas, IntFunction<Axis> xAxis, IntFunction<Axis> yAxis, int rightReserve) {
        this.canvas = canvas;
        FontMetrics tick = canvas.g.getFontMetrics(Canvas.TICK);
        FontMetrics label = canvas.g.getFontMetrics(Canvas.LABEL);
        int top = PAD + canvas.g.getFontMetrics(Canvas.TITLE).getHeight() + PAD;
        int bottom = PAD + label.getHeight() + 12 + tick.getHeight() + 8;
        double plotHeight = canvas.height() - top - bottom;
        y = yAxis.apply(clampTicks(plotHeight / (tick.getHeight() * 2.5)));
        int left = PAD + label.getHeight() + 12 + widestTick(y) + 10;
        double plotWidth = canvas.width() - left - rightReserve - PAD;
        x = fitX(xAxis, plotWidth);
        plot = new Rectangle2D.Double(left, top, plotWidth, plotHeight);
    }

    double px(double value) {
        return plot.x + INSET + x.fraction(value) * (plot.width - 2 * INSET);
    }

    double py(double value) {
        return plot.getMaxY() - INSET - y.fraction(value) * (plot.height - 2 * INSET);
    }

    /** Draws the title, grid, axis lines, ticks and axis titles; data goes on top afterwards. */
    void draw(String title, String xLabel, String yLabel) {
        var g = canvas.g;
        canvas.centred(Canvas.TITLE, Canvas.INK, title, plot.getCenterX(),
                PAD + g.getFontMetrics(Canvas.TITLE).getAscent());
        g.setStroke(new BasicStroke(1f));
        FontMetrics tick = g.getFontMetrics(Canvas.TICK);
        for (int i = 0; i < y.tickCount(); i++) {
            double py = py(y.tick(i));
            g.setColor(Canvas.GRID);
            g.draw(new Line2D.Double(plot.x, py, plot.getMaxX(), py));
            g.setColor(Canvas.INK);
            g.draw(new Line2D.Double(plot.x - 5, py, plot.x, py));
            canvas.rightAligned(Canvas.TICK, Canvas.INK, y.format(y.tick(i)), plot.x - 9, py);
        }
        for (int i = 0; i < x.tickCount(); i++) {
            double px = px(x.tick(i));
            g.setColor(Canvas.GRID);
            g.draw(new Line2D.Double(px, plot.y, px, plot.getMaxY()));
            g.setColor(Canvas.INK);
            g.draw(new Line2D.Double(px, plot.getMaxY(), px, plot.getMaxY() + 5));
            canvas.centred(Canvas.TICK, Canvas.INK, x.format(x.tick(i)), px, plot.getMaxY() + 8 + tick.getAscent());
        }
        g.setColor(Canvas.INK);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(new Line2D.Double(plot.x, plot.getMaxY(), plot.getMaxX(), plot.getMaxY()));
        g.draw(new Line2D.Double(plot.x, plot.y, plot.x, plot.getMaxY()));
        FontMetrics label = g.getFontMetrics(Canvas.LABEL);
        canvas.centred(Canvas.LABEL, Canvas.INK, xLabel, plot.getCenterX(), canvas.height() - PAD - label.getDescent());
        canvas.vertical(Canvas.LABEL, Canvas.INK, yLabel, PAD + label.getHeight() / 2.0, plot.getCenterY());
    }

    /** Fewer x ticks until the widest tick label, plus a gap, fits between neighbouring ticks. */
    private Axis fitX(IntFunction<Axis> xAxis, double plotWidth) {
        Axis axis = xAxis.apply(MAX_TICKS);
        for (int ticks = MAX_TICKS; ticks > 2; ticks--) {
            axis = xAxis.apply(ticks);
            double spacing = (plotWidth - 2 * INSET) / Math.max(1, axis.tickCount() - 1);
            if (spacing >= widestTick(axis) + 24) {
                break;
            }
        }
        return axis;
    }

    private int widestTick(Axis axis) {
        int widest = 0;
        for (int i = 0; i < axis.tickCount(); i++) {
            widest = Math.max(widest, canvas.textWidth(Canvas.TICK, axis.format(axis.tick(i))));
        }
        return widest;
    }

    private static int clampTicks(double ticks) {
        return (int) Math.max(3, Math.min(MAX_TICKS, ticks));
    }
}
