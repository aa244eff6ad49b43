package dev.tune4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.tune4j.TemporaryHome;
import dev.tune4j.TinyPretrained;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.adapt.Lora;
import dev.tune4j.adapt.Technique;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.data.Split;
import dev.tune4j.data.Splits;
import dev.tune4j.engine.Precision;
import dev.tune4j.tokenize.Truncation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dtype of a run: bf16 frozen features, bf16 mixed-precision training, and where each is refused. */
class FeaturePrecisionTest {

    @TempDir
    static Path tmp;

    private static Path pretrained;
    private static Split split;

    @BeforeAll
    static void setUp() throws Exception {
        pretrained = TinyPretrained.write(tmp.resolve("tiny-bert"));
        split = Splits.stratified(TinyPretrained.sentiment(100, 1), 0.2, 42);
    }

    private static TrainConfig.Builder config(Technique technique) {
        return TrainConfig.builder(technique).model(pretrained.toString()).maxLength(32).batchSize(16).epochs(1);
    }

    private static ClassifierModel model(TrainConfig config) {
        return ClassifierTrainerTest.model(pretrained, split, config);
    }

    @Test
    void frozenTechniquesDefaultToAutoAndTheDtypeSurvivesTheRunConfig() {
        assertEquals(Precision.AUTO, TrainConfig.builder(new FeatureExtraction()).build().dtype());
        // The tutorial computes its frozen features in fp32.
        assertEquals(Precision.FP32, TrainConfig.seedRecipe().build().dtype());
        assertEquals(Precision.FP32, TrainConfig.seedRecipe(new FullFineTuning()).build().dtype());
        assertEquals(Precision.FP32, TrainConfig.builder(Lora.standard()).build().dtype());
        for (Precision p : Precision.values()) {
            TrainConfig config = TrainConfig.builder(new FeatureExtraction()).dtype(p).build();
            assertEquals(p, TrainConfig.fromJson(config.toJson()).dtype());
        }
        // A run.json from before the option: its features were fp32, and a resume must find the same cache.
        JsonObject old = TrainConfig.builder(new FeatureExtraction()).build().toJson();
        old.remove("dtype");
        assertEquals(Precision.FP32, TrainConfig.fromJson(old).dtype());
    }

    @Test
    void bf16CacheFilesAreNamedApartAndFp32NamesAreUnchanged() {
        // Head truncation, the default when these names were introduced.
        TrainConfig config = config(new FeatureExtraction()).truncation(Truncation.HEAD).build();
        String sha = "0123456789abcdef0123456789abcdef";
        assertEquals("0123456789abcdef-cls-head-32.f32c", ClassifierTrainer.featureCacheName(sha, config, Precision.FP32));
        assertEquals("0123456789abcdef-cls-head-32-bf16.f32c", ClassifierTrainer.featureCacheName(sha, config, Precision.BF16));
        assertThrows(IllegalArgumentException.class, () -> ClassifierTrainer.featureCacheName(sha, config, Precision.AUTO));
    }

    @Test
    void bf16FeaturesOfAFrozenRunAreWithinBf16RoundingOfFp32() {
        Assumptions.assumeTrue(Precision.BF16.resolve(line -> {}) == Precision.BF16, "bf16 unavailable on this host");
        Path home = tmp.resolve("home");
        try (TemporaryHome ignored = new TemporaryHome(home)) {
            TrainConfig fp32 = config(new FeatureExtraction()).dtype(Precision.FP32).build();
            TrainConfig bf16 = config(new FeatureExtraction()).dtype(Precision.BF16).build();
            List<String> log = new ArrayList<>();
            String sha;
            try (ClassifierModel model = model(fp32)) {
                sha = model.sourceSha256();
                assertEquals(Precision.FP32, fit(fp32, model, "fp32", log).precision());
            }
            try (ClassifierModel model = model(bf16)) {
                assertEquals(Precision.BF16, fit(bf16, model, "bf16", log).precision());
                assertEquals(Precision.FP32, model.block().bert().encoder().precision(), "the bf16 copy outlived the pass");
            }
            // Training and validation texts (80 + 20) in one pass per precision: one bf16 copy of the encoder.
            assertEquals(List.of("computing features of 100 texts in fp32", "computing features of 100 texts in bf16"),
                    log.stream().filter(l -> l.startsWith("computing features")).toList());

            FeatureCache a = FeatureCache.onDisk(home.resolve("features").resolve(
                    ClassifierTrainer.featureCacheName(sha, fp32, Precision.FP32)), 32);
            FeatureCache b = FeatureCache.onDisk(home.resolve("features").resolve(
                    ClassifierTrainer.featureCacheName(sha, bf16, Precision.BF16)), 32);
            assertEquals(100, a.size());
            assertEquals(100, b.size());
            double worst = 0;
            double sum = 0;
            for (String text : split.train().texts()) {
                float[] x = a.get(FeatureCache.key(text));
                float[] y = b.get(FeatureCache.key(text));
                for (int i = 0; i < x.length; i++) {
                    worst = Math.max(worst, Math.abs(x[i] - y[i]));
                    sum += Math.abs(x[i] - y[i]);
                }
            }
            double mean = sum / (80 * 32);
            // [CLS] after the last LayerNorm is O(1); bf16 keeps 8 bits of mantissa (relative step 2^-8).
            assertTrue(worst < 0.1 && mean < 0.02, "bf16 vs fp32 features: max |diff| " + worst + ", mean " + mean);
            assertTrue(worst > 0, "identical to fp32: the bf16 path did not run");
        }
    }

    @Test
    void fullFineTuningInBf16TrainsFp32WeightsCloseToAnFp32Run() {
        Assumptions.assumeTrue(Precision.BF16.resolve(line -> {}) == Precision.BF16, "bf16 unavailable on this host");
        TrainConfig fp32 = config(new FullFineTuning()).learningRate(1e-3f).cacheFeatures(false).build();
        TrainConfig bf16 = fp32.toBuilder().dtype(Precision.BF16).build();
        Map<String, float[]> before;
        Map<String, float[]> expected;
        double expectedValLoss;
        try (ClassifierModel model = model(fp32)) {
            before = ClassifierTrainerTest.snapshot(model);
            expectedValLoss = fit(fp32, model, "full-fp32", new ArrayList<>()).best().valLoss();
            expected = ClassifierTrainerTest.snapshot(model);
        }
        List<String> log = new ArrayList<>();
        try (ClassifierModel model = model(bf16)) {
            TrainResult result = fit(bf16, model, "full-bf16", log);
            assertEquals(Precision.BF16, result.precision());
            assertEquals(expectedValLoss, result.best().valLoss(), 0.05 * expectedValLoss);
            Map<String, float[]> actual = ClassifierTrainerTest.snapshot(model);
            // The weights moved where fp32 moved them, give or take bf16 rounding of the steps, and not identically.
            double step = 0;
            double gap = 0;
            for (String key : expected.keySet()) {
                step += Math.pow(distance(expected.get(key), before.get(key)), 2);
                gap += Math.pow(distance(actual.get(key), expected.get(key)), 2);
            }
            // Measured 15%: Adam scales every step to about lr, so rounding flips the small-gradient ones.
            assertTrue(gap <= 0.25 * 0.25 * step, "fp32 step " + Math.sqrt(step) + ", bf16 off by " + Math.sqrt(gap));
            assertTrue(gap > 0, "identical to fp32: the bf16 path did not run");
        }
        assertEquals(List.of("bf16 mixed precision: Linear layers multiply in bf16; weights and optimizer state stay fp32"),
                log.stream().filter(l -> l.contains("dtype") || l.contains("bf16")).toList());
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    /** Fits with a listener that records log lines and checks, after every epoch, that the encoder trained in fp32. */
    private static TrainResult fit(TrainConfig config, ClassifierModel model, String dir, List<String> log) {
        TrainingListener listener = new TrainingListener() {
            @Override
            public void log(String line) {
                log.add(line);
            }

            @Override
            public void epochEnded(EpochMetrics m) {
                assertEquals(Precision.FP32, model.block().bert().encoder().precision());
            }
        };
        return new ClassifierTrainer(config, listener).fit(model, split.train(), split.val(), tmp.resolve(dir), false);
    }
}
