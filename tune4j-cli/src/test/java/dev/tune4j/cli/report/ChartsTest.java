package dev.tune4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void lineChartWithOnePointDrawsItsMarker() throws Exception {
        Path png = dir.resolve("one.png");

        Charts.lineChart(png, "Loss", "epoch", "loss", List.of(new Series("train loss", new double[] {1}, new double[] {0.7})));

        BufferedImage image = Images.read(png);
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        assertTrue(Charts.WIDTH >= 800 && Charts.HEIGHT >= 500);
        Images.assertNotBlank(image);
        Path none = dir.resolve("none.png");
        Charts.lineChart(none, "Loss", "epoch", "loss",
                List.of(new Series("train loss", new double[] {1}, new double[] {Double.NaN})));
        long legendOnly = Images.countNear(Images.read(none), LineChart.color(0));
        long withMarker = Images.countNear(image, LineChart.color(0));
        assertTrue(withMarker > legendOnly + 30, "the lone point's marker is missing: " + withMarker + " vs " + legendOnly);
    }

    @Test
    void lineChartToleratesGapsAndAllMissingSeries() throws Exception {
        double[] x = {1, 2, 3, 4, 5};
        List<Series> series = List.of(
                new Series("train", x, new double[] {0.9, 0.5, Double.NaN, 0.3, 0.2}),
                new Series("val", x, new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN}));

        Charts.lineChart(dir.resolve("gaps.png"), "Loss", "epoch", "loss", series);
        Charts.lineChart(dir.resolve("empty.png"), "Loss", "epoch", "loss", series.subList(1, 2));

        Images.assertNotBlank(Images.read(dir.resolve("gaps.png")));
        Images.assertNotBlank(Images.read(dir.resolve("empty.png")));
    }

    @Test
    void confusionMatrixGrowsToFitManyLabels() throws Exception {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            labels.add("label number " + i);
        }
        long[][] counts = new long[60][60];
        for (int i = 0; i < 60; i++) {
            counts[i][i] = 10;
            counts[i][(i + 1) % 60] = 2;
        }

        Charts.confusionMatrix(dir.resolve("big.png"), labels, counts);

        BufferedImage image = Images.read(dir.resolve("big.png"));
        assertTrue(image.getWidth() > 60 * HeatMap.cellSize(60), "width " + image.getWidth());
        Images.assertNotBlank(image);
    }

    @Test
    void confusionMatrixIsAtLeastMinimumSize() throws Exception {
        Charts.confusionMatrix(dir.resolve("two.png"), List.of("no", "yes"), new long[][] {{5, 1}, {0, 0}});

        BufferedImage image = Images.read(dir.resolve("two.png"));
        assertTrue(image.getWidth() >= 800 && image.getHeight() >= 500);
        Images.assertNotBlank(image);
    }

    @Test
    void rocRejectsPointsOutsideUnitSquare() {
        assertThrows(IllegalArgumentException.class,
                () -> Charts.rocCurve(dir.resolve("roc.png"), new double[] {0, 1.5}, new double[] {0, 1}, 0.5));
    }

    @Test
    void rejectsConfusionMatrixOfWrongShape() {
        assertThrows(IllegalArgumentException.class,
                () -> Charts.confusionMatrix(dir.resolve("c.png"), List.of("a", "b"), new long[][] {{1, 2}}));
    }
}
