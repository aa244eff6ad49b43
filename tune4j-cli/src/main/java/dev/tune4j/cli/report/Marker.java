package dev.tune4j.cli.report;

import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** Point markers; each series gets a different shape so that lines stay apart without colour vision. */
enum Marker {
    CIRCLE, SQUARE, TRIANGLE, DIAMOND, NONE;

    static Marker forSeries(int index) {
        return values()[index % (values().length - 1)];
    }

    /** Fills the marker centred on ({@code x}, {@code y}) with radius {@code r}, with the current colour. */
    void draw(Graphics2D g, double x, double y, double r) {
        Shape shape = switch (this) {
            case CIRCLE -> new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            case SQUARE -> new Rectangle2D.Double(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
            case TRIANGLE -> polygon(new double[] {x, x + r * 1.15, x - r * 1.15}, new double[] {y - r * 1.2, y + r, y + r});
            case DIAMOND -> polygon(new double[] {x, x + r * 1.2, x, x - r * 1.2}, new double[] {y - r * 1.2, y, y + r * 1.2, y});
            case NONE -> null;
        };
        if (shape != null) {
            g.fill(shape);
        }
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }
}
