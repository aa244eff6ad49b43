package dev.tune4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final String EVIL = "<script>alert(1)</script>";

    @TempDir
    Path dir;

    @Test
    void binaryReportWritesPageAndAllChartsAndNothingElse() throws Exception {
        Path html = HtmlReport.write(dir, ExampleReports.binary(6));

        assertEquals(dir.resolve("report.html"), html);
        assertEquals(Set.of("report.html", "loss.png", "accuracy.png", "confusion.png", "roc.png"), files(dir));
        assertSize(dir.resolve("loss.png"), Charts.WIDTH, Charts.HEIGHT);
        assertSize(dir.resolve("accuracy.png"), Charts.WIDTH, Charts.HEIGHT);
        assertSize(dir.resolve("roc.png"), Charts.ROC_WIDTH, Charts.ROC_HEIGHT);
        BufferedImage confusion = Images.read(dir.resolve("confusion.png"));
        assertTrue(confusion.getWidth() >= 800 && confusion.getHeight() >= 500);
        Images.assertNotBlank(confusion);
    }

    @Test
    void pageShowsSummaryEpochsAndMetrics() throws Exception {
        String page = Files.readString(HtmlReport.write(dir, ExampleReports.binary(6)));

        assertTrue(page.contains("<td>67,349 / 872</td>"), "summary value");
        assertTrue(page.contains("<td>41 min 12 s</td>"), "wall time");
        assertTrue(page.contains("<tr class=\"best\"><td>3</td>"), "best epoch row");
        assertTrue(page.contains("<td>2.00e-05</td>"), "learning rate");
        assertTrue(page.contains("<td>–</td>"), "epoch 5 skipped validation");
        assertTrue(page.contains("ROC-AUC"));
        for (String png : List.of("loss.png", "accuracy.png", "confusion.png", "roc.png")) {
            assertTrue(page.contains("src=\"" + png + "\""), png + " referenced relatively");
        }
    }

    @Test
    void pageEscapesLabelsTitleAndProvenance() throws Exception {
        String page = Files.readString(HtmlReport.write(dir,
                ExampleReports.multiClass(List.of("world", "sports & games", EVIL))));

        assertFalse(page.contains("<script"), "raw script tag in the page");
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(page.contains("sports &amp; games"));
        assertTrue(page.contains("<title>topics &lt;b&gt;demo&lt;/b&gt;</title>"));
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; friends"), "provenance");
    }

    @Test
    void pageNeedsNoNetwork() throws Exception {
        String page = Files.readString(HtmlReport.write(dir, ExampleReports.binary(3)));

        assertFalse(page.contains("http:") || page.contains("https:") || page.contains("//cdn"), "external URL");
        assertFalse(page.contains("<link") || page.contains("@import") || page.contains("url("), "external resource");
    }

    @Test
    void singleEpochReportRenders() throws Exception {
        HtmlReport.write(dir, ExampleReports.binary(1));

        Images.assertNotBlank(Images.read(dir.resolve("loss.png")));
        Images.assertNotBlank(Images.read(dir.resolve("accuracy.png")));
    }

    @Test
    void rewritingWithoutRocRemovesStaleRocChart() throws Exception {
        HtmlReport.write(dir, ExampleReports.binary(2));
        String page = Files.readString(HtmlReport.write(dir, ExampleReports.multiClass(List.of("a", "b", "c"))));

        assertFalse(Files.exists(dir.resolve("roc.png")));
        assertFalse(page.contains("roc.png"));
    }

    @Test
    void reportWithoutEpochsOrValidationHasOnlyThePage() throws Exception {
        ReportData bare = new ReportData("bare", ExampleReports.summary(0), List.of(), null, null);

        String page = Files.readString(HtmlReport.write(dir, bare));

        assertEquals(Set.of("report.html"), files(dir));
        assertTrue(page.contains("No provenance was recorded."));
    }

    private static void assertSize(Path png, int width, int height) throws Exception {
        BufferedImage image = Images.read(png);
        assertEquals(width, image.getWidth(), png + " width");
        assertEquals(height, image.getHeight(), png + " height");
        Images.assertNotBlank(image);
    }

    private static Set<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
