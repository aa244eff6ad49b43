package dev.tune4j;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared golden files: {@code shared/golden} in the working directory or any directory above
 * it. CI checks the repository out with {@code shared/} beside it and Maven runs tests in the module
 * directory, so walking up finds it in both places; {@code -Dtune4j.golden=DIR} overrides.
 */
public final class Golden {

    private Golden() {}

    public static Path dir() {
        String override = System.getProperty("tune4j.golden");
        if (override != null && !override.isBlank()) {
            return requireDirectory(Path.of(override));
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path golden = dir.resolve("shared").resolve("golden");
            if (Files.isDirectory(golden)) {
                return golden;
            }
        }
        throw new IllegalStateException("No shared/golden in " + start + " or any directory above it;"
                + " put shared/ beside the repository or pass -Dtune4j.golden=DIR");
    }

    public static Path file(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Golden file " + file + " is missing");
        }
        return file;
    }

    private static Path requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("-Dtune4j.golden=" + dir + " is not a directory");
        }
        return dir;
    }
}
