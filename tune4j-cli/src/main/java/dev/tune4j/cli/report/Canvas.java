package dev.tune4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** An antialiased white image with the fonts and text helpers that every chart shares. */
final class Canvas implements AutoCloseable {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Color INK = new Color(0x33, 0x33, 0x33);
    static final Color GRID = new Color(0xE3, 0xE3, 0xE3);

    final BufferedImage image;
    final Graphics2D g;

    Canvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setStroke(new BasicStroke(1f));
    }

    int width() {
        return image.getWidth();
    }

    int height() {
        return image.getHeight();
    }

    int textWidth(Font font, String text) {
        return g.getFontMetrics(font).stringWidth(text);
    }

    /** Draws {@code text} centred horizontally on {@code cx} with its baseline at {@code baseline}. */
    void centred(Font font, Color color, String text, double cx, double baseline) {
        g.setFont(font);
        g.setColor(color);
        g.drawString(text, (float) (cx - textWidth(font, text) / 2.0), (float) baseline);
    }

    /** Draws {@code text} centred vertically on {@code cy}, ending at {@code right}. */
    void rightAligned(Font font, Color color, String text, double right, double cy) {
        g.setFont(font);
        g.setColor(color);
        FontMetrics m = g.getFontMetrics(font);
        g.drawString(text, (float) (right - m.stringWidth(text)), (float) (cy + (m.getAscent() - m.getDescent()) / 2.0));
    }

    /** Draws {@code text} rotated a quarter turn anticlockwise, centred on ({@code cx}, {@code cy}). */
    void vertical(Font font, Color color, String text, double cx, double cy) {
        AffineTransform saved = g.getTransform();
        g.translate(cx, cy);
        g.rotate(-Math.PI / 2);
        FontMetrics m = g.getFontMetrics(font);
        centred(font, color, text, 0, (m.getAscent() - m.getDescent()) / 2.0);
        g.setTransform(saved);
    }

    /** {@code text} cut to {@code maxWidth} pixels with an ellipsis, so long label names cannot overlap. */
    String fit(Font font, String text, int maxWidth) {
        if (textWidth(font, text) <= maxWidth) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && textWidth(font, cut + "…") > maxWidth) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    void save(Path png) throws IOException {
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("this JDK has no PNG writer");
            }
        });
    }

    @Override
    public void close() {
        g.dispose();
    }
}
