package dev.tune4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tune4j.classify.SequenceClassifier;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.Encoding;
import java.util.List;

/**
 * Where a batch's logits come from: the whole model on token ids, or the head alone on cached
 * features. This is the only place where the two techniques' training loops differ.
 */
interface BatchSource {

    /** Logits (B, C) for examples {@code rows}; inputs are created in {@code scope}. */
    NDArray logits(ParameterStore ps, int[] rows, boolean training, NDManager scope);

    /** Tokens in example {@code row}, for length bucketing. */
    int length(int row);

    /** The head on precomputed features (B, H). */
    record Features(SequenceClassifier model, float[][] features) implements BatchSource {

        @Override
        public NDArray logits(ParameterStore ps, int[] rows, boolean training, NDManager scope) {
            int h = features[rows[0]].length;
            float[] flat = new float[rows.length * h];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(features[rows[i]], 0, flat, i * h, h);
            }
            NDArray x = scope.create(flat, new Shape(rows.length, h)); // (B, H)
            return model.head().forward(ps, new NDList(x), training).singletonOrThrow();
        }

        @Override
        public int length(int row) {
            return 1;
        }
    }

    /** The whole model on token ids, each batch padded to its longest row. */
    record Tokens(SequenceClassifier model, List<Encoding> encodings, long padId) implements BatchSource {

        @Override
        public NDArray logits(ParameterStore ps, int[] rows, boolean training, NDManager scope) {
            NDList inputs = toNDList(Batch.padded(encodings, rows, padId), scope);
            return model.forward(ps, inputs, training).singletonOrThrow();
        }

        @Override
        public int length(int row) {
            return encodings.get(row).length();
        }
    }

    static NDList toNDList(Batch batch, NDManager scope) {
        Shape shape = new Shape(batch.shape());
        return new NDList(scope.create(batch.inputIds(), shape), scope.create(batch.typeIds(), shape),
                scope.create(batch.attentionMask(), shape));
    }

}
