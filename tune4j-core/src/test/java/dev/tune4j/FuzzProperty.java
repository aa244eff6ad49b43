package dev.tune4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The property every parser of untrusted bytes must hold under fuzzing: it returns normally or throws a
 * {@link Tune4jException} whose message is one line naming the file. Anything else (another exception,
 * a multi-line message, an error) escapes to Jazzer as a finding.
 */
public final class FuzzProperty {

    /**
     * One fuzzing round per target and JVM (JAZZER_FUZZ=1): CI's budget; bench/fuzz.sh repeats rounds,
     * each starting from the corpus the previous ones grew, for a longer run.
     */
    public static final String ROUND = "30s";

    /** Parses; only runtime exceptions and errors can escape, which is what Jazzer looks for. */
    public interface Parse {
        void run() throws Exception;
    }

    private static Path scratch;

    private FuzzProperty() {}

    /** A per-JVM scratch directory the fuzz inputs are written into (one file per target name). */
    public static synchronized Path scratch() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("tune4j-fuzz-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scratch;
    }

    /** Writes {@code bytes} to {@code name} in the scratch directory (replacing it). */
    public static Path file(String name, byte[] bytes) {
        try {
            Path file = scratch().resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code parse} on {@code file} and checks the property. */
    public static void holds(Path file, Parse parse) {
        holds(java.util.List.of(file), parse);
    }

    /** As {@link #holds(Path, Parse)} for a parse that reads several files: a message names one of them. */
    public static void holds(java.util.List<Path> files, Parse parse) {
        try {
            parse.run();
        } catch (Tune4jException e) {
            String message = e.getMessage();
            if (message == null || message.contains("\n") || message.contains("\r")) {
                throw new AssertionError("Tune4jException message is not one line: " + message, e);
            }
            if (files.stream().noneMatch(file -> message.contains(file.getFileName().toString()))) {
                throw new AssertionError("Tune4jException names none of " + files + ": " + message, e);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("checked " + e.getClass().getName() + " escaped: " + e.getMessage(), e);
        }
    }
}
