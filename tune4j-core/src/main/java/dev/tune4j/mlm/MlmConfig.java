package dev.tune4j.mlm;

import com.google.gson.JsonObject;

/**
 * Everything that decides a masked-LM run.
 *
 * @param batchSize sequences per optimizer step
 * @param microBatchSize sequences per forward/backward pass, gradients accumulate to batchSize; 0: batchSize
 * @param learningRate peak AdamW rate; 5e-5 suits continued pretraining, from scratch wants ~1e-4 to 1e-3
 * @param warmupRatio share of steps with linear warm-up, then linear decay to 0 (as BERT)
 * @param clipNorm global gradient-norm clip, 0 for none
 * @param maxLength tokens per packed sequence, [CLS] and [SEP] included
 * @param maskProb share of tokens to predict, 0.15 as in BERT
 * @param wholeWordMask choose whole words rather than single pieces
 * @param valFraction share of the documents held out for the validation loss
 * @param seed shuffling, held-out split, masks and dropout
 */
public record MlmConfig(int epochs, int batchSize, int microBatchSize, float learningRate, float weightDecay,
                        float warmupRatio, float clipNorm, int maxLength, float maskProb, boolean wholeWordMask,
                        float valFraction, long seed) {

    public static final MlmConfig DEFAULTS = new MlmConfig(1, 32, 0, 5e-5f, 0.01f, 0.06f, 1.0f, 128, 0.15f, false, 0.05f, 42);

    public MlmConfig {
        if (epochs < 1 || batchSize < 1 || microBatchSize < 0 || microBatchSize > batchSize) {
            throw new IllegalArgumentException("epochs and batch size must be ≥ 1 and the micro-batch in [0, batch size]; got "
                    + epochs + ", " + batchSize + ", " + microBatchSize);
        }
        if (!(learningRate > 0) || !(weightDecay >= 0) || !(clipNorm >= 0) || !(warmupRatio >= 0 && warmupRatio < 1)) {
            throw new IllegalArgumentException("learning rate must be > 0, weight decay and clip norm ≥ 0, warm-up in [0, 1); got "
                    + learningRate + ", " + weightDecay + ", " + clipNorm + ", " + warmupRatio);
        }
        if (maxLength < 8 || !(maskProb > 0 && maskProb < 1) || !(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("max length must be ≥ 8, mask probability and validation fraction in (0, 1); got "
                    + maxLength + ", " + maskProb + ", " + valFraction);
        }
    }

    public MlmConfig withEpochs(int n) {
        return new MlmConfig(n, batchSize, microBatchSize, learningRate, weightDecay, warmupRatio, clipNorm, maxLength,
                maskProb, wholeWordMask, valFraction, seed);
    }

    public MlmConfig withBatch(int size, int micro) {
        return new MlmConfig(epochs, size, micro, learningRate, weightDecay, warmupRatio, clipNorm, maxLength, maskProb,
                wholeWordMask, valFraction, seed);
    }

    public MlmConfig withLearningRate(float lr) {
        return new MlmConfig(epochs, batchSize, microBatchSize, lr, weightDecay, warmupRatio, clipNorm, maxLength, maskProb,
                wholeWordMask, valFraction, seed);
    }

    public MlmConfig withMasking(int length, float prob, boolean wholeWord) {
        return new MlmConfig(epochs, batchSize, microBatchSize, learningRate, weightDecay, warmupRatio, clipNorm, length, prob,
                wholeWord, valFraction, seed);
    }

    public MlmConfig withSplit(float fraction, long newSeed) {
        return new MlmConfig(epochs, batchSize, microBatchSize, learningRate, weightDecay, warmupRatio, clipNorm, maxLength,
                maskProb, wholeWordMask, fraction, newSeed);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("epochs", epochs);
        o.addProperty("batch_size", batchSize);
        o.addProperty("micro_batch_size", microBatchSize);
        o.addProperty("lr", learningRate);
        o.addProperty("weight_decay", weightDecay);
        o.addProperty("warmup_ratio", warmupRatio);
        o.addProperty("clip_norm", clipNorm);
        o.addProperty("max_length", maxLength);
        o.addProperty("mask_prob", maskProb);
        o.addProperty("whole_word_mask", wholeWordMask);
        o.addProperty("val_fraction", valFraction);
        o.addProperty("seed", seed);
        return o;
    }
}
