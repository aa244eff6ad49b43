package dev.tune4j.bench;

import dev.tune4j.config.BertConfig;

/**
 * Multiply-add work of one BERT encoder forward, counting 2 FLOP per multiply-add of the matrix
 * products only (embeddings, softmax, LayerNorm and GELU are a fraction of a percent). Per layer and
 * sequence of T tokens:
 * <pre>
 *   Q, K, V and output projections   4 · T·H·H · 2
 *   feed-forward up and down         2 · T·H·I · 2
 *   scores Q·Kᵀ and probs·V          2 · T·T·H · 2
 * </pre>
 * For BERT-base (L 12, H 768, I 3072) and T = 256 that is 12 × 3.825 = 45.90 GFLOP per sequence.
 */
final class BertFlops {

    private BertFlops() {}

    static double perSequence(BertConfig c, long t) {
        double h = c.hiddenSize();
        double i = c.intermediateSize();
        double perLayer = 4 * t * h * h * 2 + 2 * t * h * i * 2 + 2.0 * t * t * h * 2;
        return c.numHiddenLayers() * perLayer;
    }
}
