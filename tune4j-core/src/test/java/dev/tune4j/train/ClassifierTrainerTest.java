package dev.tune4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import dev.tune4j.TinyPretrained;
import dev.tune4j.adapt.Adapters;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.adapt.Technique;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Split;
import dev.tune4j.data.Splits;
import dev.tune4j.model.ParameterNames;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassifierTrainerTest {

    @TempDir
    static Path tmp;

    private static Path pretrained;
    private static Split split;

    @BeforeAll
    static void setUp() throws Exception {
        pretrained = TinyPretrained.write(tmp.resolve("tiny-bert"));
        split = Splits.stratified(TinyPretrained.sentiment(200, 1), 0.2, 42);
    }

    private static TrainConfig.Builder config(Technique technique) {
        return TrainConfig.builder(technique).model(pretrained.toString()).maxLength(32).batchSize(16)
                .cacheFeatures(false);
    }

    private static ClassifierModel model(TrainConfig config) {
        return model(pretrained, split, config);
    }

    /** A two-label classifier on {@code pretrained}, labelled as {@code split}'s training data, shaped by {@code config}. */
    static ClassifierModel model(Path pretrained, Split split, TrainConfig config) {
        return ClassifierModel.fromPretrained(pretrained, config.head(2), split.train().labelMap(),
                config.maxLength(), config.truncation(), config.seed());
    }

    /** Tiny BERT, 2 layers of width 32: an adapter at m = 8 has 32·8 + 8 + 8·32 + 32 = 552 parameters, a LayerNorm 64. */
    @Test
    void trainableParametersAreCountedByKind() {
        Technique adapters = new Adapters(new AdapterConfig(8, AdapterPlacement.FFN), true);
        TrainConfig config = config(adapters).build();
        try (ClassifierModel model = ClassifierModel.fromPretrained(pretrained, config.head(2), adapters.additions(),
                split.train().labelMap(), config.maxLength(), config.truncation(), config.seed())) {
            assertEquals("backbone 320 + adapters 1,104 + head 17,922", ClassifierTrainer.breakdown(adapters.configure(model.block())));
        }
        try (ClassifierModel model = model(config(new FullFineTuning()).build())) {
            Map<String, Parameter> all = new FullFineTuning().configure(model.block());
            assertEquals("backbone " + String.format(Locale.ROOT, "%,d", model.parameterCount() - 17_922) + " + head 17,922",
                    ClassifierTrainer.breakdown(all));
        }
    }

    @ParameterizedTest(name = "backbone dropout {0}")
    @ValueSource(booleans = {false, true})
    void featureExtractionLeavesEveryBackboneWeightBitIdentical(boolean backboneDropout) {
        TrainConfig config = config(new FeatureExtraction(backboneDropout)).epochs(3).build();
        try (ClassifierModel model = model(config)) {
            Map<String, float[]> before = snapshot(model);
            new ClassifierTrainer(config, TrainingListener.SILENT).fit(model, split.train(), split.val(),
                    tmp.resolve("fe-" + backboneDropout), false);
            Map<String, float[]> after = snapshot(model);
            int changedHead = 0;
            for (String key : before.keySet()) {
                if (key.startsWith("classifier.")) {
                    changedHead += java.util.Arrays.equals(before.get(key), after.get(key)) ? 0 : 1;
                } else {
                    assertArrayEquals(before.get(key), after.get(key), key + " changed although frozen");
                }
            }
            assertEquals(4, changedHead, "every head tensor trains");
        }
    }

    /** The tutorial's noise: with the backbone's dropout on, the head sees other features, so it ends elsewhere. */
    @Test
    void backboneDropoutPerturbsTheFeaturesTheHeadTrainsOn() {
        Map<Boolean, float[]> head = new HashMap<>();
        for (boolean dropout : new boolean[] {false, true}) {
            TrainConfig config = config(new FeatureExtraction(dropout)).epochs(2).build();
            try (ClassifierModel model = model(config)) {
                new ClassifierTrainer(config, TrainingListener.SILENT).fit(model, split.train(), split.val(),
                        tmp.resolve("fe-noise-" + dropout), false);
                head.put(dropout, snapshot(model).get("classifier.out_proj.weight"));
            }
        }
        assertFalse(java.util.Arrays.equals(head.get(false), head.get(true)), "dropout changed nothing");
        // Same seed, same order, same initial head: only the features differ, and only a little.
        float maxDiff = 0;
        for (int i = 0; i < head.get(false).length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(head.get(false)[i] - head.get(true)[i]));
        }
        assertTrue(maxDiff < 0.05f, "heads differ by " + maxDiff);
    }

    @Test
    void aDivergingRunSkipsItsNonFiniteStepsThenStopsWithAClearMessage() {
        // A learning rate no data survives: the first update overflows the head, later losses are NaN.
        TrainConfig config = config(new FeatureExtraction()).epochs(3).learningRate(1e38f).clipNorm(0).build();
        java.util.List<String> log = new java.util.ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void log(String line) {
                log.add(line);
            }
        };
        try (ClassifierModel model = model(config)) {
            dev.tune4j.Tune4jException e = assertThrows(dev.tune4j.Tune4jException.class, () -> new ClassifierTrainer(config,
                    listener).fit(model, split.train(), split.val(), tmp.resolve("diverged"), false));
            assertTrue(e.getMessage().startsWith("training diverged: 3 steps in a row"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(completed epochs are kept: --resume continues from the last one)"),
                    e.getMessage());
            assertEquals(3, log.stream().filter(l -> l.startsWith("skipped step")).count(), String.join("\n", log));
        }
    }

    @Test
    void fullFineTuningLearnsTheSyntheticTaskAndChangesTheBackbone() {
        TrainConfig config = config(new FullFineTuning()).epochs(6).learningRate(1e-3f).build();
        try (ClassifierModel model = model(config)) {
            Map<String, float[]> before = snapshot(model);
            TrainResult result = new ClassifierTrainer(config, TrainingListener.SILENT)
                    .fit(model, split.train(), split.val(), tmp.resolve("full"), false);
            assertTrue(result.best().valAccuracy() >= 0.95, "val accuracy " + result.best().valAccuracy());
            assertFalse(java.util.Arrays.equals(before.get("bert.encoder.layer.0.attention.self.query.weight"),
                    snapshot(model).get("bert.encoder.layer.0.attention.self.query.weight")));
            assertTrue(result.epochs().get(0).trainLoss() > result.epochs().get(5).trainLoss());
        }
    }

    @Test
    void resumeAfterAKillReproducesTheUninterruptedMetrics() {
        TrainConfig config = config(new FullFineTuning()).epochs(3).learningRate(5e-4f).build();
        List<EpochMetrics> uninterrupted;
        try (ClassifierModel model = model(config)) {
            uninterrupted = new ClassifierTrainer(config, TrainingListener.SILENT)
                    .fit(model, split.train(), split.val(), tmp.resolve("straight"), false).epochs();
        }
        Path runDir = tmp.resolve("killed");
        try (ClassifierModel model = model(config)) {
            TrainingListener killer = new TrainingListener() {
                @Override
                public void epochEnded(EpochMetrics m) {
                    if (m.epoch() == 2) {
                        throw new IllegalStateException("killed");
                    }
                }
            };
            assertThrows(IllegalStateException.class,
                    () -> new ClassifierTrainer(config, killer).fit(model, split.train(), split.val(), runDir, false));
        }
        List<EpochMetrics> resumed;
        try (ClassifierModel model = model(config)) {
            resumed = new ClassifierTrainer(config, TrainingListener.SILENT)
                    .fit(model, split.train(), split.val(), runDir, true).epochs();
        }
        assertEquals(uninterrupted.size(), resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            assertEquals(uninterrupted.get(i).trainLoss(), resumed.get(i).trainLoss(), 1e-6, "train loss epoch " + (i + 1));
            assertEquals(uninterrupted.get(i).valLoss(), resumed.get(i).valLoss(), 1e-6, "val loss epoch " + (i + 1));
        }
    }

    static Map<String, float[]> snapshot(ClassifierModel model) {
        Map<String, float[]> out = new HashMap<>();
        for (Map.Entry<String, Parameter> e : ParameterNames.of(model.block()).entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
