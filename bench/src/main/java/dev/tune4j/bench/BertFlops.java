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
 * For BERT-base (L 12, H 768, I 3072) and T = 256 that is 12 × 3.825 = 45.90 GFLOP per sequence. When the
 * last layer computes position 0 alone, it projects K and V for every token and the rest for one:
 * 2 · T·H·H · 2 + (2 · H·H + 2 · H·I + 2 · T·H) · 2, and BERT-base at T = 256 does 42.69 GFLOP.
 */
final class BertFlops {

    private BertFlops() {}

    static double perSequence(BertConfig c, long t, boolean firstTokenOnly) {
        double h = c.hiddenSize();
        double i = c.intermediateSize();
        double perLayer = 4 * t * h * h * 2 + 2 * t * h * i * 2 + 2.0 * t * t * h * 2;
        double last = firstTokenOnly ? 2 * t * h * h * 2 + (2 * h * h + 2 * h * i + 2.0 * t * h) * 2 : perLayer;
        return (c.numHiddenLayers() - 1) * perLayer + last;
    }
}
