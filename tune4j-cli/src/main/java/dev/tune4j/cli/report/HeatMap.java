package dev.tune4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix as a heat map: rows are true labels, columns predicted labels, and the shade of a
 * cell is its share of its row, so a rare class's errors show as clearly as a frequent one's.
 */
final class HeatMap {

    private static final int PAD = 24;
    private static final int MAX_LABEL = 180;
    private static final int BAR = 18;
    /** Room right of the colour bar for its tick labels and its rotated caption. */
    private static final int COLOUR_BAR_LABELS = 80;
    private static final Color LOW = new Color(0xF7, 0xFB, 0xFF);
    private static final Color HIGH = new Color(0x08, 0x30, 0x6B);

    private HeatMap() {}

    /** The cell side in pixels: large for a few classes, down to 14 for many. */
    static int cellSize(int classes) {
        return Math.max(14, Math.min(150, 600 / classes));
    }

    /** The image size that fits {@code labels} at {@link #cellSize}, never below 800×500. */
    static int[] size(Canvas probe, List<String> labels) {
        int cell = cellSize(labels.size());
        int grid = cell * labels.size();
        int label = labelWidth(probe, labels);
        int width = PAD + 30 + label + grid + PAD + BAR + COLOUR_BAR_LABELS + PAD;
        int height = PAD + 40 + grid + bottomLabelHeight(probe, labels, cell) + 40 + PAD;
        return new int[] {Math.max(800, width), Math.max(500, height)};
    }

    static void draw(Canvas canvas, List<String> labels, long[][] counts) {
        int n = labels.size();
        int cell = cellSize(n);
        int grid = cell * n;
        int labelWidth = labelWidth(canvas, labels);
        int used = 30 + labelWidth + grid + PAD + BAR + COLOUR_BAR_LABELS;
        int left = (canvas.width() - used) / 2 + 30 + labelWidth;
        // Centred vertically too: a small matrix on the 500-pixel minimum would otherwise hang at the top.
        int contentHeight = 44 + grid + bottomLabelHeight(canvas, labels, cell) + 40;
        int y0 = Math.max(PAD, (canvas.height() - contentHeight) / 2);
        int top = y0 + 44;
        var g = canvas.g;
        canvas.centred(Canvas.TITLE, Canvas.INK, "Confusion matrix", left + grid / 2.0,
                y0 + g.getFontMetrics(Canvas.TITLE).getAscent());
        Font cellFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(20, cell / 5)));
        Font percentFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(15, cell / 7)));
        for (int t = 0; t < n; t++) {
            long support = 0;
            for (long c : counts[t]) {
                support += c;
            }
            for (int p = 0; p < n; p++) {
                double share = support == 0 ? 0 : (double) counts[t][p] / support;
                drawCell(canvas, left + p * cell, top + t * cell, cell, counts[t][p], share, support > 0,
                        cellFont, percentFont);
            }
        }
        g.setColor(Canvas.INK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(left, top, grid, grid));
        drawAxisLabels(canvas, labels, left, top, cell, labelWidth);
        drawColourBar(canvas, left + grid + PAD, top, grid);
    }

    private static void drawCell(Canvas canvas, int x, int y, int cell, long count, double share,
            boolean hasSupport, Font countFont, Font percentFont) {
        var g = canvas.g;
        g.setColor(shade(share));
        g.fillRect(x, y, cell, cell);
        g.setColor(Color.WHITE);
        g.drawRect(x, y, cell, cell);
        if (cell < 30) {
            return; // too small for legible text; the shade still tells the story
        }
        Color ink = share > 0.5 ? Color.WHITE : Canvas.INK;
        FontMetrics cm = g.getFontMetrics(countFont);
        boolean twoLines = cell >= 56;
        double cy = y + cell / 2.0;
        double countBaseline = twoLines ? cy - 2 : cy + (cm.getAscent() - cm.getDescent()) / 2.0;
        canvas.centred(countFont, ink, Long.toString(count), x + cell / 2.0, countBaseline);
        if (twoLines) {
            String percent = hasSupport ? String.format(Locale.ROOT, "%.1f%%", 100 * share) : "–";
            canvas.centred(percentFont, ink, percent, x + cell / 2.0, cy + 4 + g.getFontMetrics(percentFont).getAscent());
        }
    }

    private static void drawAxisLabels(Canvas canvas, List<String> labels, int left, int top, int cell, int labelWidth) {
        int n = labels.size();
        int grid = n * cell;
        var g = canvas.g;
        Font font = labelFont(cell);
        FontMetrics m = g.getFontMetrics(font);
        boolean slanted = widest(canvas, labels, font) > cell - 6;
        for (int i = 0; i < n; i++) {
            String name = canvas.fit(font, labels.get(i), MAX_LABEL);
            canvas.rightAligned(font, Canvas.INK, name, left - 8, top + i * cell + cell / 2.0);
            double cx = left + i * cell + cell / 2.0;
            if (slanted) {
                AffineTransform saved = g.getTransform();
                g.translate(cx, top + grid + 10);
                g.rotate(-Math.PI / 4);
                g.setFont(font);
                g.drawString(name, (float) -canvas.textWidth(font, name), (float) (m.getAscent() / 2.0));
                g.setTransform(saved);
            } else {
                canvas.centred(font, Canvas.INK, name, cx, top + grid + 8 + m.getAscent());
            }
        }
        int below = bottomLabelHeight(canvas, labels, cell);
        canvas.centred(Canvas.LABEL, Canvas.INK, "predicted", left + grid / 2.0,
                top + grid + below + 8 + g.getFontMetrics(Canvas.LABEL).getAscent());
        canvas.vertical(Canvas.LABEL, Canvas.INK, "true", left - labelWidth - 22, top + grid / 2.0);
    }

    private static void drawColourBar(Canvas canvas, int x, int top, int height) {
        var g = canvas.g;
        g.setPaint(new GradientPaint(0, top + height, LOW, 0, top, HIGH));
        g.fillRect(x, top, BAR, height);
        g.setColor(Canvas.INK);
        g.drawRect(x, top, BAR, height);
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = top + height - pct / 100.0 * height;
            g.drawLine(x + BAR, (int) y, x + BAR + 4, (int) y);
            canvas.rightAligned(Canvas.TICK, Canvas.INK, pct + "%", x + BAR + 8 + canvas.textWidth(Canvas.TICK, "100%"), y);
        }
        int caption = x + BAR + 8 + canvas.textWidth(Canvas.TICK, "100%") + 16;
        canvas.vertical(Canvas.TICK, Canvas.INK, "share of true row", caption, top + height / 2.0);
    }

    static Color shade(double share) {
        double t = Math.max(0, Math.min(1, share));
        return new Color(
                (int) Math.round(LOW.getRed() + t * (HIGH.getRed() - LOW.getRed())),
                (int) Math.round(LOW.getGreen() + t * (HIGH.getGreen() - LOW.getGreen())),
                (int) Math.round(LOW.getBlue() + t * (HIGH.getBlue() - LOW.getBlue())));
    }

    private static Font labelFont(int cell) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, cell >= 40 ? 15 : 12);
    }

    private static int labelWidth(Canvas canvas, List<String> labels) {
        return Math.min(MAX_LABEL, widest(canvas, labels, labelFont(cellSize(labels.size()))));
    }

    /** Room under the grid for the predicted labels: one line, or the diagonal extent when slanted. */
    private static int bottomLabelHeight(Canvas canvas, List<String> labels, int cell) {
        Font font = labelFont(cell);
        int widest = Math.min(MAX_LABEL, widest(canvas, labels, font));
        int line = canvas.g.getFontMetrics(font).getHeight();
        return widest > cell - 6 ? (int) Math.ceil(widest * Math.sqrt(0.5)) + line + 10 : line + 10;
    }

    private static int widest(Canvas canvas, List<String> labels, Font font) {
        int w = 0;
        for (String l : labels) {
            w = Math.max(w, canvas.textWidth(font, l));
        }
        return w;
    }
}
