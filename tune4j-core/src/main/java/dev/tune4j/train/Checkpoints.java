package dev.tune4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.AtomicFiles;
import dev.tune4j.FileTrees;
import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.DType;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resumable training state under {@code runDir/checkpoint}: after every epoch a directory
 * {@code epoch-N} with the trainable weights, AdamW's moments and step, and the metrics so far, made
 * visible by rewriting {@code latest} last, so a run killed at any point resumes from a whole epoch.
 * {@code best.safetensors} holds the trainable weights of the best epoch.
 */
final class Checkpoints {

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

    private final Path dir;
    private final Map<String, Parameter> trainable;
    private final AdamW optimizer;

    Checkpoints(Path dir, Map<String, Parameter> trainable, AdamW optimizer) {
        this.dir = dir;
        this.trainable = trainable;
        this.optimizer = optimizer;
    }

    void save(TrainState state) {
        int epoch = state.epochsDone();
        Path target = dir.resolve("epoch-" + epoch);
        Path temp = dir.resolve(".epoch-" + epoch + ".partial");
        try {
            FileTrees.delete(temp);
            Files.createDirectories(temp);
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            trainable.forEach((key, p) -> {
                tensors.put(key, host(p.getArray()));
                AdamW.Moments m = optimizer.moments(p);
                tensors.put("adam.m." + key, host(m.m()));
                tensors.put("adam.v." + key, host(m.v()));
            });
            Safetensors.write(temp.resolve("trainable.safetensors"), tensors, Map.of());
            JsonObject json = state.toJson();
            json.addProperty("optimizer_step", optimizer.stepCount());
            json.addProperty("trainable_sha256", Sha256.of(temp.resolve("trainable.safetensors")));
            AtomicFiles.writeString(temp.resolve("state.json"), GSON.toJson(json));
            // epoch-N exists only if an earlier attempt died between this rename and 'latest' below.
            FileTrees.delete(target);
            AtomicFiles.moveDirectory(temp, target);
            // The commit point: until 'latest' names epoch-N, a resume starts from epoch N-1.
            AtomicFiles.writeString(dir.resolve("latest"), target.getFileName().toString());
            for (int old = 1; old < epoch; old++) {
                FileTrees.delete(dir.resolve("epoch-" + old));
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new Tune4jException(dir + ": cannot write the checkpoint of epoch " + epoch + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(temp); // a full disk: give back what the partial checkpoint took
            throw e;
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            FileTrees.delete(temp);
        } catch (IOException ignored) {
            // Deleted before the next save of this epoch in any case.
        }
    }

    void saveBest() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        trainable.forEach((key, p) -> tensors.put(key, host(p.getArray())));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Tune4jException(dir + ": cannot create: " + e.getMessage(), e);
        }
        Safetensors.write(dir.resolve("best.safetensors"), tensors, Map.of());
    }

    /** Whether an epoch was completed: a run killed before that has nothing to restore and starts over. */
    boolean hasCompletedEpoch() {
        return Files.isRegularFile(dir.resolve("latest"));
    }

    /** Loads the last completed epoch into the parameters and the optimizer. */
    TrainState restore() {
        Path latestFile = dir.resolve("latest");
        if (!Files.isRegularFile(latestFile)) {
            throw new Tune4jException(dir + ": no completed epoch to resume from (no 'latest' file)");
        }
        try {
            Path epochDir = dir.resolve(Files.readString(latestFile, StandardCharsets.UTF_8).strip());
            JsonObject json = dev.tune4j.JsonFiles.asObject(epochDir.resolve("state.json"), JsonParser.parseString(Files.readString(epochDir.resolve("state.json"))));
            Path weights = epochDir.resolve("trainable.safetensors");
            if (json.has("trainable_sha256") && !json.get("trainable_sha256").getAsString().equals(Sha256.of(weights))) {
                throw new Tune4jException(weights + ": SHA-256 differs from the one state.json records (damaged "
                        + "checkpoint); delete " + dir + " and train again");
            }
            Map<String, HostTensor> tensors = Safetensors.read(weights).tensors();
            trainable.forEach((key, p) -> {
                load(p, require(tensors, key, epochDir));
                AdamW.Moments m = optimizer.moments(p);
                copyInto(m.m(), require(tensors, "adam.m." + key, epochDir));
                copyInto(m.v(), require(tensors, "adam.v." + key, epochDir));
            });
            optimizer.restoreStep(json.get("optimizer_step").getAsLong());
            return TrainState.fromJson(json);
        } catch (IOException e) {
            throw new Tune4jException(dir + ": cannot read the checkpoint: " + e.getMessage(), e);
        }
    }

    /** Puts the best epoch's weights into the parameters. */
    void restoreBest() {
        Path best = dir.resolve("best.safetensors");
        Map<String, HostTensor> tensors = Safetensors.read(best).tensors();
        trainable.forEach((key, p) -> load(p, require(tensors, key, best)));
    }

    private static HostTensor require(Map<String, HostTensor> tensors, String key, Path where) {
        HostTensor t = tensors.get(key);
        if (t == null) {
            throw new Tune4jException(where + ": checkpoint lacks '" + key + "'; was it written by a different configuration?");
        }
        return t;
    }

    private static void load(Parameter p, HostTensor t) {
        copyInto(p.getArray(), t);
    }

    /**
     * Overwrites {@code target}'s values, keeping the array (and so the parameter, its gradient flag and
     * the optimizer's reference). The bytes are copied off the file mapping first: the array keeps the
     * buffer as its storage, and the optimizer later writes to it.
     */
    private static void copyInto(NDArray target, HostTensor t) {
        if (t.dtype() != DType.F32 || !java.util.Arrays.equals(t.shape(), target.getShape().getShape())) {
            throw new Tune4jException("checkpoint tensor " + t + " does not fit parameter " + target.getShape());
        }
        ByteBuffer own = ByteBuffer.allocateDirect((int) t.byteSize()).order(java.nio.ByteOrder.nativeOrder());
        own.put(t.data().duplicate()).flip();
        target.set(own);
    }

    private static HostTensor host(NDArray a) {
        ByteBuffer data = a.toByteBuffer();
        return new HostTensor(DType.F32, a.getShape().getShape(), data);
    }
}
