package dev.tune4j;

import java.nio.file.Path;

/** Points {@code tune4j.home} at a test directory until closed, then restores the previous value. */
public final class TemporaryHome implements AutoCloseable {

    private final String previous = System.getProperty("tune4j.home");

    public TemporaryHome(Path home) {
        System.setProperty("tune4j.home", home.toString());
    }

    @Override
    public void close() {
        if (previous == null) {
            System.clearProperty("tune4j.home");
        } else {
            System.setProperty("tune4j.home", previous);
        }
    }
}
