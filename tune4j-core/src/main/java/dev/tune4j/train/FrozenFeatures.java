package dev.tune4j.train;

import dev.tune4j.Tune4jException;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.data.LabelMap;
import dev.tune4j.engine.Precision;
import dev.tune4j.hub.ModelHub;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The frozen backbone of a feature-extraction run, on its own: the vectors that {@link ClassifierTrainer} would
 * compute for texts under a {@link TrainConfig} (same model, pooling, truncation, length, precision and batching),
 * for callers that compute them elsewhere, such as the executors of a cluster, and hand them back to
 * {@link dev.tune4j.Classifier#train(TrainConfig, dev.tune4j.data.Dataset, Path, TrainingListener, FeatureCache)}.
 */
public final class FrozenFeatures implements AutoCloseable {

    private final ClassifierModel model;
    private final TrainConfig config;
    private final Precision precision;

    private FrozenFeatures(ClassifierModel model, TrainConfig config, Precision precision) {
        this.model = model;
        this.config = config;
        this.precision = precision;
    }

    /**
     * Loads the backbone of {@code config.model()} (a catalogue name or directory).
     *
     * @param precision FP32 or BF16: what {@link TrainConfig#precision} resolved to where the head will train
     */
    public static FrozenFeatures load(TrainConfig config, Precision precision, Consumer<String> log) {
        if (!config.technique().featuresOnce()) {
            throw new Tune4jException("frozen features serve feature-extraction, not " + config.technique().cliName());
        }
        if (precision == Precision.AUTO) {
            throw new IllegalArgumentException("frozen features are computed in fp32 or bf16, not auto; resolve it first");
        }
        Path base = ModelHub.resolve(config.model(), log);
        // The head is never run: its label count only has to be valid.
        ClassifierModel model = ClassifierModel.fromPretrained(base, config.head(2), new LabelMap(List.of("0", "1")),
                config.maxLength(), config.truncation(), config.seed());
        return new FrozenFeatures(model, config, precision);
    }

    /** SHA-256 of the backbone's weights: part of the feature cache's name. */
    public String modelSha256() {
        return model.sourceSha256();
    }

    public int dimension() {
        return model.config().hiddenSize();
    }

    /** The name a local run's on-disk feature cache has for these features (see {@link FeatureCache}). */
    public String cacheName() {
        return ClassifierTrainer.featureCacheName(modelSha256(), config, precision);
    }

    /** One vector per text, in the order of {@code texts}, batched exactly as a local run batches them. */
    public float[][] compute(List<String> texts) {
        return Featurizer.features(model.block(), texts, model.encode(texts), model.padId(), precision,
                FeatureCache.inMemory(dimension()), model.manager(), TrainingListener.SILENT);
    }

    @Override
    public void close() {
        model.close();
    }
}
