package dev.tune4j.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tune4j.engine.Torch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact cosine-similarity search over a fixed set of vectors: every row is scaled to unit length once, and a batch
 * of queries is scored against all of them in one matrix product (Q, H) × (H, N).
 */
public final class SimilarityIndex implements AutoCloseable {

    /** One corpus row and its cosine similarity to the query. */
    public record Hit(int index, double score) {}

    private final NDManager manager = Torch.newManager();
    private final NDArray corpusT; // (H, N), unit columns
    private final int size;
    private final int dimension;

    /** @param vectors the corpus, (N, H), N ≥ 1; a zero vector scores 0 against everything */
    public SimilarityIndex(float[][] vectors) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("the corpus is empty: there is nothing to search");
        }
        size = vectors.length;
        dimension = vectors[0].length;
        corpusT = manager.create(unitRows(vectors, dimension), new Shape(size, dimension)).transpose(); // (H, N)
    }

    public int size() {
        return size;
    }

    public int dimension() {
        return dimension;
    }

    /** The {@code min(topK, size)} most similar rows for each query, best first; equal scores in row order. */
    public List<List<Hit>> search(float[][] queries, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
        }
        if (queries.length == 0) {
            return List.of();
        }
        float[] scores; // (Q, N) row-major
        try (NDManager scope = manager.newSubManager()) {
            NDArray q = scope.create(unitRows(queries, dimension), new Shape(queries.length, dimension)); // (Q, H)
            scores = q.dot(corpusT).toFloatArray(); // (Q, N)
        }
        List<List<Hit>> out = new ArrayList<>(queries.length);
        for (int row = 0; row < queries.length; row++) {
            out.add(top(scores, row * size, Math.min(topK, size)));
        }
        return out;
    }

    /** The k best of scores[offset, offset + size) by insertion into a sorted window; ties keep row order. */
    private List<Hit> top(float[] scores, int offset, int k) {
        int[] best = new int[k];
        int filled = 0;
        for (int i = 0; i < size; i++) {
            float s = scores[offset + i];
            if (filled == k && s <= scores[offset + best[k - 1]]) {
                continue;
            }
            int j = filled < k ? filled++ : k - 1;
            while (j > 0 && s > scores[offset + best[j - 1]]) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
        }
        List<Hit> hits = new ArrayList<>(k);
        for (int i : best) {
            hits.add(new Hit(i, scores[offset + i]));
        }
        return hits;
    }

    /** Rows scaled to unit L2 norm, flattened (rows × dimension); every row must have that dimension. */
    private static float[] unitRows(float[][] rows, int dimension) {
        float[] flat = new float[Math.multiplyExact(rows.length, dimension)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != dimension) {
                throw new IllegalArgumentException("vector " + r + " has " + rows[r].length + " dimensions, expected "
                        + dimension);
            }
            float[] unit = Embedder.unit(Arrays.copyOf(rows[r], dimension));
            System.arraycopy(unit, 0, flat, r * dimension, dimension);
        }
        return flat;
    }

    @Override
    public void close() {
        manager.close();
    }
}
