package dev.tune4j.spark;

import dev.tune4j.Classifier;
import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Offline;
import dev.tune4j.engine.Precision;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import dev.tune4j.infer.SentencePooling;
import dev.tune4j.train.FrozenFeatures;
import dev.tune4j.train.TrainConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The models of this JVM, loaded once each and kept: keyed by path, weights hash and what else changes the loaded
 * model (precision, pooling). Every task of an executor, and in local mode the driver too, gets the same instance,
 * so an executor holds one copy whatever its task slots; weights are never broadcast.
 *
 * <p>A model runs one batch at a time ({@link #exclusive}): libtorch already spreads one forward over every core
 * of the executor, and two at once would only contend for them and double the activation memory.
 */
final class ModelCache {

    /** What, besides the weights, makes two loads of one path differ. */
    record Key(String kind, String path, String variant) {}

    /** A loaded model and the SHA-256 of the weights it was loaded from. */
    record Entry(Object model, String sha256) {}

    private static final Map<Key, Entry> MODELS = new HashMap<>();
    private static int loads;

    private ModelCache() {}

    /**
     * The classifier at {@code path} in {@code dtype}, with weights of SHA-256 {@code sha256} ("" on the driver,
     * which learns it here and hands it to the tasks).
     */
    static Entry classifier(String path, String sha256, Precision dtype) {
        return get(new Key("classifier", path, dtype.name()), sha256, () -> {
            Classifier c = Classifier.load(ModelPaths.local(path));
            c.model().runIn(dtype, line -> System.err.println("tune4j: " + line));
            return new Entry(c, c.model().sourceSha256());
        });
    }

    /**
     * The backbone at {@code path}, pooled by {@code pooling}, or with null as its sentence-transformers files say
     * (pooling and Normalize, else [CLS]), as {@code embed} and {@code serve} do. Either way its default length cut
     * is their {@code max_seq_length}.
     */
    static Entry embedder(String path, String sha256, Pooling pooling, Precision dtype) {
        return get(new Key("embedder", path, (pooling == null ? "auto" : pooling) + "/" + dtype), sha256, () -> {
            Path dir = ModelPaths.local(path);
            String sha = ModelHub.weightsSha256(dir);
            SentencePooling sentence = SentencePooling.of(dir);
            Embedder e = pooling == null ? Embedder.load(dir, sentence)
                    : Embedder.load(dir, pooling, false, sentence.maxLength());
            e.runIn(dtype, line -> System.err.println("tune4j: " + line));
            return new Entry(e, sha);
        });
    }

    /** The frozen backbone of a feature-extraction config; its weights hash is part of the feature cache's name. */
    static FrozenFeatures features(TrainConfig config, Precision precision) {
        Entry e = get(new Key("features", config.model(), config.toJson() + "/" + precision), "", () -> {
            FrozenFeatures f = FrozenFeatures.load(config, precision, line -> { });
            return new Entry(f, f.modelSha256());
        });
        return (FrozenFeatures) e.model();
    }

    /** Runs {@code work} with {@code model} to itself (see the class comment). */
    static <T> T exclusive(Object model, Supplier<T> work) {
        synchronized (model) {
            return work.get();
        }
    }

    /**
     * The cached entry for {@code key}, loaded on first use. Weights that changed under the same path since
     * this JVM loaded them are loaded again; weights other than the driver's ({@code sha256}) are an error.
     */
    private static synchronized Entry get(Key key, String sha256, Supplier<Entry> load) {
        Entry entry = MODELS.get(key);
        if (entry == null || !sha256.isEmpty() && !sha256.equals(entry.sha256())) {
            Offline.ensure();
            entry = load.get();
            requireSha(key.path(), sha256, entry.sha256());
            MODELS.put(key, entry);
            loads++;
        }
        return entry;
    }

    /** How many models this JVM has loaded; tests check that tasks share them. */
    static synchronized int loads() {
        return loads;
    }

    private static void requireSha(String path, String expected, String actual) {
        if (!expected.isEmpty() && !expected.equals(actual)) {
            throw new Tune4jException(path + ": weights SHA-256 " + actual + " on this machine, but the driver loaded "
                    + expected + "; every executor must see the same model");
        }
    }
}
