package dev.tune4j.spark;

import dev.tune4j.Tune4jException;
import dev.tune4j.hub.ModelHub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;

/** Where a model directory named by a {@code modelPath} Param is, on the driver and on each executor. */
final class ModelPaths {

    private ModelPaths() {}

    /**
     * On the driver: the directory tasks will be told to load. A catalogue name such as {@code bert-base-uncased}
     * resolves to this machine's cache, which other hosts of a cluster do not have: there, give a shared path.
     */
    static String onDriver(String path) {
        try {
            return local(path).toString();
        } catch (Tune4jException notADirectory) {
            if (path.contains("/")) {
                throw notADirectory;
            }
            return ModelHub.resolve(path, line -> System.err.println("tune4j: " + line)).toString();
        }
    }

    /**
     * The model directory on this machine: {@code path} itself (a shared file system, or the same host), else a
     * directory of that name shipped with {@code --archives model.zip#NAME} or {@code --files}
     * ({@link SparkFiles}).
     */
    static Path local(String path) {
        Path p = Path.of(path.startsWith("file:") ? java.net.URI.create(path).getPath() : path);
        if (Files.isDirectory(p)) {
            return p;
        }
        String name = p.getFileName() == null ? path : p.getFileName().toString();
        try {
            Path shipped = Path.of(SparkFiles.get(name));
            if (Files.isDirectory(shipped)) {
                return shipped;
            }
        } catch (RuntimeException notInSpark) {
            // SparkFiles needs a running SparkEnv; without one only the path itself counts.
        }
        throw new Tune4jException(path + ": no such model directory here; give a path every executor can read "
                + "(a shared file system) or ship it with spark-submit --archives model.zip#" + name);
    }
}
