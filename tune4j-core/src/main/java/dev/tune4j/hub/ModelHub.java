package dev.tune4j.hub;

import dev.tune4j.AtomicFiles;
import dev.tune4j.FileLocks;
import dev.tune4j.FileTrees;
import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import dev.tune4j.Tune4jHome;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Resolves a model name or directory to a Hugging Face-style directory with {@code config.json},
 * {@code model.safetensors} and {@code vocab.txt} (or {@code tokenizer.json}).
 *
 * <p>Catalogue models are converted once into {@code Tune4jHome.models()/<name>/}: the conversion
 * happens in a temporary sibling directory that is renamed into place, so an interrupted run leaves
 * no half-written model behind, and two processes racing to convert both end up with a whole one.
 */
public final class ModelHub {

    /** A catalogue model and whether it is already converted in the cache. */
    public record Status(ModelCatalog.Entry entry, Path dir, boolean cached) {}

    private record Stamp(long size, FileTime modified, String sha256) {}

    /**
     * Weights verified in this process, by path. Hashing 440 MB takes about a second, so each process
     * verifies a model once and later resolves (tests, a server loading per request) skip it while size
     * and modification time are unchanged. The stamp is deliberately not persisted: a fresh process
     * always re-hashes, so bit rot or a half-finished copy of the cache is caught on the next run.
     */
    private static final Map<Path, Stamp> VERIFIED = new ConcurrentHashMap<>();

    private static final String WEIGHTS = "model.safetensors";

    private ModelHub() {}

    /**
     * An existing directory is validated and returned as is; a catalogue name is converted on first use.
     *
     * @param log receives progress lines (conversion takes about a minute, a download longer)
     */
    public static Path resolve(String nameOrDir, Consumer<String> log) {
        Path dir = Path.of(nameOrDir);
        if (Files.isDirectory(dir)) {
            // Directories that tune4j wrote carry a manifest; their weights are verified like the cache.
            Path local = requireModelDir(dir.toAbsolutePath());
            verify(local);
            return local;
        }
        ModelCatalog.Entry entry = ModelCatalog.find(nameOrDir).orElseThrow(() -> new Tune4jException("'"
                + nameOrDir + "' is neither a model directory nor a catalogue model; known models: "
                + ModelCatalog.entries().stream().map(ModelCatalog.Entry::name).toList()));
        return resolve(entry, log);
    }

    /** A catalogue entry's cached directory, converted from its jar on first use. */
    static Path resolve(ModelCatalog.Entry entry, Consumer<String> log) {
        Path cached = Tune4jHome.models().resolve(entry.name());
        if (!Files.isDirectory(cached)) {
            // One conversion at a time per model: a second process waits, then finds the result.
            try (FileLocks.Held lock = FileLocks.lock(Tune4jHome.models().resolve("." + entry.name() + ".lock"),
                    "converting " + entry.name(), log)) {
                if (!Files.isDirectory(cached)) {
                    convert(entry, cached, log);
                }
            }
        }
        requireModelDir(cached);
        verify(cached);
        return cached;
    }

    public static List<Status> list() {
        List<Status> statuses = new ArrayList<>();
        for (ModelCatalog.Entry entry : ModelCatalog.entries()) {
            Path dir = Tune4jHome.models().resolve(entry.name());
            statuses.add(new Status(entry, dir, Files.isRegularFile(dir.resolve(CacheManifest.FILE))));
        }
        return statuses;
    }

    static Path requireModelDir(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String file : List.of("config.json", WEIGHTS)) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                missing.add(file);
            }
        }
        if (!Files.isRegularFile(dir.resolve("vocab.txt")) && !Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            missing.add("vocab.txt or tokenizer.json");
        }
        if (!missing.isEmpty()) {
            throw new Tune4jException(dir + ": not a model directory, missing " + String.join(", ", missing));
        }
        return dir;
    }

    /**
     * SHA-256 of a model directory's weights: the recorded one for directories tune4j wrote (verified
     * when resolved), else computed. Keys caches of model outputs and goes into provenance.
     */
    public static String weightsSha256(Path dir) {
        if (Files.isRegularFile(dir.resolve(CacheManifest.FILE))) {
            return CacheManifest.read(dir).modelSha256();
        }
        return Sha256.of(dir.resolve(WEIGHTS));
    }

    /**
     * Records the SHA-256 of a model directory's weights in its manifest, so that later loads verify
     * them like the cache. For model directories that tune4j writes (trained classifiers).
     */
    public static void recordWeights(Path dir, String model, String source) {
        Path weights = dir.resolve(WEIGHTS);
        try {
            new CacheManifest(CacheManifest.FORMAT_VERSION, model, source, null, Sha256.of(weights),
                    Files.size(weights), true).write(dir);
        } catch (IOException e) {
            throw new Tune4jException(dir + ": cannot write " + CacheManifest.FILE + ": " + e.getMessage(), e);
        }
    }

    /** Checks model.safetensors against the SHA-256 that conversion recorded, once per process. */
    static void verify(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CacheManifest.FILE))) {
            return;
        }
        CacheManifest manifest = CacheManifest.read(dir);
        Path weights = dir.resolve(WEIGHTS);
        Stamp stamp = stamp(weights, manifest.modelSha256());
        if (stamp.equals(VERIFIED.get(weights))) {
            return;
        }
        String actual = Sha256.of(weights);
        if (!actual.equals(manifest.modelSha256())) {
            throw new Tune4jException(weights + ": SHA-256 is " + actual + " but " + CacheManifest.FILE
                    + " records " + manifest.modelSha256() + " (corrupted cache?); delete " + dir
                    + " to convert again");
        }
        VERIFIED.put(weights, stamp);
    }

    private static Stamp stamp(Path weights, String sha256) {
        try {
            return new Stamp(Files.size(weights), Files.getLastModifiedTime(weights), sha256);
        } catch (IOException e) {
            throw new Tune4jException(weights + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void convert(ModelCatalog.Entry entry, Path target, Consumer<String> log) {
        Path jar = MavenArtifacts.fetch(entry, log);
        long start = System.nanoTime();
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            // Not Files.createTempDirectory: its owner-only permissions would stick to the cache entry.
            temp = Files.createDirectory(target.resolveSibling("." + entry.name() + ".partial-" + UUID.randomUUID()));
            if (entry.onnx() != null) {
                OnnxJarConverter.convert(entry, jar, temp, log);
            } else {
                EasyBertConverter.convert(entry, jar, temp, log);
            }
            moveIntoPlace(temp, target);
            AtomicFiles.syncDirectory(target.getParent());
            log.accept(String.format("Converted %s to %s in %.1f s", entry.name(), target,
                    (System.nanoTime() - start) / 1e9));
        } catch (IOException e) {
            throw new Tune4jException("cannot convert " + entry.name() + " into " + target + ": " + e, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
        } catch (IOException e) {
            // Linux reports a non-empty target as a plain FileSystemException, so test the outcome:
            // if another process finished the same conversion first, its result is as good as ours.
            if (!Files.isDirectory(target)) {
                throw e;
            }
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            FileTrees.delete(temp);
        } catch (IOException ignored) {
            // A leftover ".partial-" directory is harmless and never mistaken for a model.
        }
    }
}
