package dev.tune4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.tune4j.classify.SequenceClassifier;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import dev.tune4j.model.BertEncoder;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Runs the frozen backbone once per text, filling a {@link FeatureCache}; a killed run keeps what it finished.
 * The encoder runs in the given precision for this pass only and is back in fp32 when it returns.
 */
final class Featurizer {

    private static final int BATCH_SIZE = 16;

    private Featurizer() {}

    /**
     * Every text's feature vector: from {@code cache}, which must hold features of {@code precision}, or
     * computed in {@code precision} (FP32 or BF16) and added to it.
     */
    static float[][] features(SequenceClassifier model, List<String> texts, List<Encoding> encodings, long padId,
                              Precision precision, FeatureCache cache, NDManager manager, TrainingListener listener) {
        List<String> keys = texts.stream().map(FeatureCache::key).toList();
        int[] missing = IntStream.range(0, texts.size()).filter(i -> cache.get(keys.get(i)) == null)
                .boxed().sorted(Comparator.comparingInt((Integer i) -> encodings.get(i).length()).reversed())
                .mapToInt(Integer::intValue).toArray();
        if (missing.length < texts.size()) {
            listener.log((texts.size() - missing.length) + " of " + texts.size() + " feature vectors found in the cache");
        }
        if (missing.length > 0) {
            listener.log(String.format(Locale.ROOT, "computing features of %,d texts in %s", missing.length,
                    precision.name().toLowerCase(Locale.ROOT)));
            BertEncoder encoder = model.bert().encoder();
            // The bf16 copy of the weights serves this pass only: the head trains on the cached features.
            encoder.runIn(precision);
            try {
                compute(model, keys, encodings, padId, missing, cache, manager, listener);
            } finally {
                encoder.runIn(Precision.FP32);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = cache.get(keys.get(i));
        }
        return out;
    }

    private static void compute(SequenceClassifier model, List<String> keys, List<Encoding> encodings, long padId,
                                int[] rows, FeatureCache cache, NDManager manager, TrainingListener listener) {
        Torch.gradMode(false);
        ParameterStore ps = new ParameterStore(manager, false);
        listener.phaseStarted("features", rows.length, "texts");
        int h = cache.dimension();
        for (int from = 0; from < rows.length; from += BATCH_SIZE) {
            int[] batchRows = java.util.Arrays.copyOfRange(rows, from, Math.min(rows.length, from + BATCH_SIZE));
            try (NDManager scope = manager.newSubManager()) {
                Batch batch = Batch.padded(encodings, batchRows, padId);
                NDArray pooled = model.features(ps, BatchSource.toNDList(batch, scope), false); // (B, H)
                float[] flat = pooled.toFloatArray();
                List<String> batchKeys = new ArrayList<>();
                List<float[]> vectors = new ArrayList<>();
                for (int r = 0; r < batchRows.length; r++) {
                    float[] v = new float[h];
                    System.arraycopy(flat, r * h, v, 0, h);
                    batchKeys.add(keys.get(batchRows[r]));
                    vectors.add(v);
                }
                cache.putAll(batchKeys, vectors);
            }
            listener.progress(Math.min(rows.length, from + BATCH_SIZE), Double.NaN);
        }
        listener.phaseEnded();
    }
}
