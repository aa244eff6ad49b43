package dev.tune4j.adapt;

/**
 * Hyperparameters a technique starts from when the user does not say otherwise.
 *
 * @param learningRate peak learning rate
 * @param batchSize examples per optimizer step
 * @param epochs passes over the training data
 * @param warmupRatio share of steps spent warming up linearly
 * @param linearDecay whether the rate then decays linearly to zero
 * @param clipNorm global gradient-norm clip, 0 for none
 * @param patience epochs without a better validation score before stopping, 0 for never
 */
public record TechniqueDefaults(float learningRate, int batchSize, int epochs, float warmupRatio, boolean linearDecay,
                                float clipNorm, int patience) {}
