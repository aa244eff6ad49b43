package dev.tune4j;

import java.nio.file.Path;

/** Where tune4j caches models and data sets: {@code $TUNE4J_HOME}, else {@code ~/.cache/tune4j}. */
public final class Tune4jHome {

    private Tune4jHome() {}

    public static Path root() {
        String override = System.getProperty("tune4j.home", System.getenv("TUNE4J_HOME"));
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "tune4j");
    }

    public static Path models() {
        return root().resolve("models");
    }

    public static Path datasets() {
        return root().resolve("datasets");
    }
}
