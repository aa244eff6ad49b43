package dev.tune4j.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.engine.Precision;
import dev.tune4j.hub.ModelHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A model the server answers for: its backend, its batcher, and where it came from (for {@code /info} and the
 * web page's model card). A directory whose config.json has labels, or that holds adapter weights, is a
 * classifier; anything else is served as an embedding model.
 *
 * @param runDir the training run around a classifier's {@code model/} (metrics.json, report.html), or null
 */
record ServedModel(String name, String source, Backend backend, Batcher batcher, Path dir, Path runDir,
                   Precision precision) implements AutoCloseable {

    static ServedModel load(ModelSpec spec, ServeConfig config, ServeMetrics metrics, Consumer<String> log) {
        Path dir = resolve(spec.source(), log);
        Path runDir = runDirOf(dir);
        Backend backend = isClassifier(dir) ? new ClassifierBackend(dir) : new EmbeddingBackend(dir);
        try {
            Precision precision = backend.runIn(config.dtype(), line -> log.accept(spec.name() + ": " + line));
            Batcher batcher = new Batcher(spec.name(), backend, config.maxBatchTokens(), config.maxBatchRequests(),
                    config.maxQueueSeconds(), metrics);
            return new ServedModel(spec.name(), spec.source(), backend, batcher, dir, runDir, precision);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** A run directory means its {@code model/}; a catalogue name is converted and cached on first use. */
    private static Path resolve(String source, Consumer<String> log) {
        Path path = Path.of(source);
        if (Files.isDirectory(path.resolve("model")) && Files.isRegularFile(path.resolve("run.json"))) {
            return path.resolve("model");
        }
        if (Files.isDirectory(path)) {
            return path;
        }
        return ModelHub.resolve(source, log);
    }

    private static Path runDirOf(Path modelDir) {
        Path parent = modelDir.toAbsolutePath().getParent();
        return parent != null && Files.isRegularFile(parent.resolve("run.json")) ? parent : null;
    }

    private static boolean isClassifier(Path dir) {
        if (Files.isRegularFile(dir.resolve("adapter_model.safetensors"))) {
            return true;
        }
        try {
            JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json"), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            boolean hfClassifier = config.has("architectures")
                    && config.get("architectures").toString().contains("ForSequenceClassification");
            return hfClassifier || config.has("tune4j") && config.getAsJsonObject("tune4j").has("head");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    boolean classifier() {
        return backend instanceof ClassifierBackend;
    }

    /** TEI's {@code model_dtype}. */
    String dtype() {
        return precision.name().equals("BF16") ? "bfloat16" : "float32";
    }

    String kind() {
        return classifier() ? "classifier" : "embedding";
    }

    String describe() {
        return String.format(Locale.ROOT, "%s (%s, %s, max %d tokens) from %s", name, kind(), dtype(),
                backend.maxLength(), dir);
    }

    @Override
    public void close() {
        batcher.close();
        backend.close();
    }
}
