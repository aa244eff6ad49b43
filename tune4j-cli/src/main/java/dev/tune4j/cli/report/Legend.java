package dev.tune4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;

/** A legend in its own column right of the plot, so it can never hide data. */
final class Legend {

    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final int SWATCH = 30;
    private static final int MAX_TEXT = 210;
    private static final int PAD = 10;

    /** One legend line: how a series is drawn. */
    record Entry(String name, Color color, Marker marker, boolean dashed) {}

    private final Canvas canvas;
    private final List<Entry> entries;

    Legend(Canvas canvas, List<Entry> entries) {
        this.canvas = canvas;
        this.entries = List.copyOf(entries);
    }

    /** The width of the column the legend needs, margin included. */
    int width() {
        int text = 0;
        for (Entry e : entries) {
            text = Math.max(text, canvas.textWidth(FONT, e.name()));
        }
        return 24 + PAD + SWATCH + 8 + Math.min(text, MAX_TEXT) + PAD;
    }

    /** Draws the legend with its top-left corner at ({@code x}, {@code y}). */
    void draw(double x, double y) {
        var g = canvas.g;
        FontMetrics m = g.getFontMetrics(FONT);
        int line = m.getHeight() + 6;
        double w = width() - 24;
        double h = entries.size() * line + PAD;
        g.setColor(new Color(0xFA, 0xFA, 0xFA));
        g.fill(new RoundRectangle2D.Double(x, y, w, h, 8, 8));
        g.setColor(new Color(0xCC, 0xCC, 0xCC));
        g.setStroke(new BasicStroke(1f));
        g.draw(new RoundRectangle2D.Double(x, y, w, h, 8, 8));
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double cy = y + PAD / 2.0 + i * line + line / 2.0;
            g.setColor(e.color());
            g.setStroke(stroke(e.dashed()));
            g.draw(new Line2D.Double(x + PAD, cy, x + PAD + SWATCH, cy));
            e.marker().draw(g, x + PAD + SWATCH / 2.0, cy, 4.5);
            g.setFont(FONT);
            g.setColor(Canvas.INK);
            String name = canvas.fit(FONT, e.name(), MAX_TEXT);
            g.drawString(name, (float) (x + PAD + SWATCH + 8), (float) (cy + (m.getAscent() - m.getDescent()) / 2.0));
        }
    }

    static Stroke stroke(boolean dashed) {
        return dashed
                ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f)
                : new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }
}
