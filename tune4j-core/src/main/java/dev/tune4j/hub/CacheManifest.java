package dev.tune4j.hub;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.tune4j.AtomicFiles;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code tune4j.json} in a converted model directory: where the weights came from and the checksum
 * that later loads verify.
 *
 * @param sourceSha256 SHA-256 of the TF data file inside the jar, for provenance
 */
record CacheManifest(int formatVersion, String model, String source, String sourceSha256,
        String modelSha256, long modelBytes, boolean lowerCase) {

    static final String FILE = "tune4j.json";
    static final int FORMAT_VERSION = 1;

    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setPrettyPrinting().disableHtmlEscaping().create();

    CacheManifest {
        if (modelSha256 == null || !modelSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("modelSha256 must be 64 hex digits, not '" + modelSha256 + "'");
        }
    }

    void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), GSON.toJson(this) + "\n");
    }

    static CacheManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        CacheManifest manifest;
        try {
            manifest = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), CacheManifest.class);
        } catch (IOException | RuntimeException e) {
            // Gson reports bad JSON and failed record construction with several exception types.
            throw new Tune4jException(file + ": unreadable manifest (" + e.getClass().getSimpleName()
                    + "); delete " + dir + " to convert again", e);
        }
        if (manifest == null) {
            throw new Tune4jException(file + ": empty manifest; delete " + dir + " to convert again");
        }
        return manifest;
    }
}
