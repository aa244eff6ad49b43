package dev.tune4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decoding and inspecting rendered PNGs in tests. */
final class Images {

    private Images() {}

    static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " does not decode as an image");
        return image;
    }

    /** Asserts the image is not one flat colour: the variance of grey levels must be clearly above zero. */
    static void assertNotBlank(BufferedImage image) {
        double sum = 0;
        double sumSq = 0;
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double grey = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3.0;
                sum += grey;
                sumSq += grey * grey;
            }
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertTrue(variance > 50, "image looks blank: grey variance " + variance);
    }

    /** How many pixels are within a small distance of {@code color}. */
    static long countNear(BufferedImage image, Color color) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                int d = Math.abs(c.getRed() - color.getRed()) + Math.abs(c.getGreen() - color.getGreen())
                        + Math.abs(c.getBlue() - color.getBlue());
                if (d < 30) {
                    count++;
                }
            }
        }
        return count;
    }
}
