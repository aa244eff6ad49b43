package dev.tune4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimilarityIndexTest {

    @Test
    void ranksByCosineForEveryQueryOfABatch() {
        float[][] corpus = {{1, 0, 0}, {0, 2, 0}, {1, 1, 0}, {-3, 0, 0}, {0, 0, 0}};
        try (SimilarityIndex index = new SimilarityIndex(corpus)) {
            List<List<SimilarityIndex.Hit>> hits = index.search(new float[][] {{5, 0, 0}, {0, 1, 1e-3f}}, 3);
            assertEquals(List.of(0, 2, 1), hits.get(0).stream().map(SimilarityIndex.Hit::index).toList());
            assertEquals(1.0, hits.get(0).get(0).score(), 1e-6);
            assertEquals(Math.sqrt(0.5), hits.get(0).get(1).score(), 1e-6);
            assertEquals(0.0, hits.get(0).get(2).score(), 1e-6);
            assertEquals(List.of(1, 2, 0), hits.get(1).stream().map(SimilarityIndex.Hit::index).toList());
        }
    }

    @Test
    void equalScoresKeepCorpusOrderAndTopKBeyondTheCorpusGivesAll() {
        try (SimilarityIndex index = new SimilarityIndex(new float[][] {{0, 1}, {1, 0}, {2, 0}, {0, 3}})) {
            assertEquals(List.of(1, 2, 0, 3), index.search(new float[][] {{1, 0}}, 10).get(0).stream()
                    .map(SimilarityIndex.Hit::index).toList());
        }
    }

    @Test
    void refusesAnEmptyCorpusMixedDimensionsAndTopKBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new SimilarityIndex(new float[0][]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimilarityIndex(new float[][] {{1, 0}, {1, 0, 0}}));
        assertTrue(e.getMessage().contains("vector 1 has 3 dimensions, expected 2"), e.getMessage());
        try (SimilarityIndex index = new SimilarityIndex(new float[][] {{1, 0}})) {
            assertThrows(IllegalArgumentException.class, () -> index.search(new float[][] {{1, 0}}, 0));
            assertThrows(IllegalArgumentException.class, () -> index.search(new float[][] {{1, 0, 0}}, 1));
        }
    }
}
