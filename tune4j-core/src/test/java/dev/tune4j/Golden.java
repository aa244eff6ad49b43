package dev.tune4j;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden reference files the parity tests compare against: {@code src/test/resources/golden} of this
 * module (what each file holds and how it was made: {@code golden/README.md} there), so that a clone of the
 * repository alone runs them. {@code -Dtune4j.golden=DIR} points at another copy instead.
 */
public final class Golden {

    private Golden() {}

    public static Path dir() {
        String override = System.getProperty("tune4j.golden");
        if (override != null && !override.isBlank()) {
            return requireDirectory(Path.of(override));
        }
        URL readme = Golden.class.getResource("/golden/README.md");
        if (readme == null || !"file".equals(readme.getProtocol())) {
            throw new IllegalStateException("the golden files are not on the test class path as a directory ("
                    + readme + "); run the tests of tune4j-core, or pass -Dtune4j.golden=DIR");
        }
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unreadable golden location " + readme, e);
        }
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
