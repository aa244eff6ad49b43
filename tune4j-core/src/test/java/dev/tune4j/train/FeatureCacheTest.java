package dev.tune4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tune4j.TinyPretrained;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.data.Dataset;
import dev.tune4j.engine.Precision;
import dev.tune4j.infer.Pooling;
import dev.tune4j.model.ParameterNames;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.Truncation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    @TempDir
    Path tmp;

    @Test
    void cachedAndUncachedFeaturesGiveTheSameHeadGradients() throws Exception {
        Path pretrained = TinyPretrained.write(tmp.resolve("tiny"));
        Dataset data = TinyPretrained.sentiment(24, 5);
        // No head dropout, so both paths compute the same function.
        HeadConfig head = new HeadConfig(HeadConfig.Kind.MLP, 16, 0f, Pooling.MEAN, 2);
        try (ClassifierModel model = ClassifierModel.fromPretrained(pretrained, head, data.labelMap(), 32, Truncation.HEAD, 1)) {
            new FeatureExtraction().configure(model.block());
            Path file = tmp.resolve("features.f32");
            float[][] cached = Featurizer.features(model.block(), data.texts(), model.encode(data.texts()), model.padId(),
                    Precision.FP32, FeatureCache.onDisk(file, 32), model.manager(), TrainingListener.SILENT);
            // Reopening reads the same vectors back from disk.
            float[][] reread = Featurizer.features(model.block(), data.texts(), model.encode(data.texts()), model.padId(),
                    Precision.FP32, FeatureCache.onDisk(file, 32), model.manager(), TrainingListener.SILENT);
            assertEquals(Files.size(file), 8 + 24L * (32 + 4 * 32 + 4));
            int[] rows = IntStream.range(0, data.size()).toArray();
            int[] labels = IntStream.range(0, data.size()).map(data::label).toArray();
            ParameterStore ps = new ParameterStore(model.manager(), false);

            Map<String, float[]> fromCache = headGradients(model, ps,
                    scope -> new BatchSource.Features(model.block(), reread).logits(ps, rows, true, scope), labels);
            Map<String, float[]> uncached = headGradients(model, ps, scope -> {
                Batch batch = Batch.padded(model.encode(data.texts()), rows, model.padId());
                NDArray features = model.block().features(ps, BatchSource.toNDList(batch, scope), false);
                return model.block().head().forward(ps, new NDList(features), true).singletonOrThrow();
            }, labels);
            for (String key : fromCache.keySet()) {
                float[] a = fromCache.get(key);
                float[] b = uncached.get(key);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(b[i], a[i], 1e-6, key + "[" + i + "]");
                }
            }
            assertEquals(4, fromCache.size());
            assertArrayEquals(cached[3], reread[3]);
        }
    }

    private static Map<String, float[]> headGradients(ClassifierModel model, ParameterStore ps,
                                                      java.util.function.Function<NDManager, NDArray> logits, int[] labels) {
        Map<String, float[]> grads = new java.util.TreeMap<>();
        try (NDManager scope = model.manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Losses.crossEntropy(logits.apply(scope), labels, null));
            }
            for (Map.Entry<String, Parameter> e : ParameterNames.of(model.block()).entrySet()) {
                if (e.getKey().startsWith("classifier.")) {
                    try (NDArray g = e.getValue().getArray().getGradient()) {
                        grads.put(e.getKey(), g.toFloatArray());
                        g.muli(0);
                    }
                }
            }
        }
        assertTrue(grads.values().stream().anyMatch(g -> java.util.Arrays.stream(toDouble(g)).anyMatch(x -> x != 0)));
        return grads;
    }

    private static double[] toDouble(float[] f) {
        return IntStream.range(0, f.length).mapToDouble(i -> f[i]).toArray();
    }
}
