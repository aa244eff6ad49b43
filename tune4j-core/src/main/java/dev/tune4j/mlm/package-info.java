/**
 * Masked-language-model pretraining: dynamic BERT masking ({@link dev.tune4j.mlm.Masker}), sequence
 * packing ({@link dev.tune4j.mlm.Packing}), the training loop with held-out loss and perplexity
 * ({@link dev.tune4j.mlm.MlmTrainer}) and the model it trains and saves ({@link dev.tune4j.mlm.MlmModel}).
 */
package dev.tune4j.mlm;
