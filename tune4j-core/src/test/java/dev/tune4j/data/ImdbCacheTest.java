package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged IMDB cache file (torn, truncated, edited) is detected by its SHA-256 and discarded, to be fetched again. */
class ImdbCacheTest {

    @TempDir
    Path tmp;

    @Test
    void aTruncatedCacheFileIsDiscardedSoThatItIsFetchedAgain() throws IOException {
        Path reviews = tmp.resolve("reviews.json");
        Files.writeString(reviews, "[{\"t\": \"a review cut short by a cr");
        List<String> log = new ArrayList<>();
        assertFalse(Imdb.intact(reviews, log::add));
        assertFalse(Files.exists(reviews), "discarded");
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith(reviews + ": SHA-256 is ") && log.get(0).endsWith(": discarding it and fetching again"),
                log.get(0));
    }
}
