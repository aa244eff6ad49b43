package dev.tune4j.train;

import com.google.gson.JsonObject;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.adapt.Technique;
import dev.tune4j.adapt.TechniqueDefaults;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.engine.Precision;
import dev.tune4j.infer.Pooling;
import dev.tune4j.tokenize.Truncation;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Everything that decides a training run. Build one with {@link #builder(Technique)}, which starts from
 * the technique's defaults, or {@link #seedRecipe()}.
 *
 * @param model catalogue name or Hugging Face directory of the pretrained model
 * @param batchSize examples per optimizer step
 * @param microBatchSize examples per forward/backward pass (gradients accumulate over batchSize /
 *     microBatchSize passes); 0 picks one that fits in memory
 * @param valFraction share of the labelled data held out for validation, stratified
 * @param patience stop after this many epochs without improvement; 0 never stops early
 * @param classWeights weight the loss by inverse class frequency (for imbalanced data)
 * @param cacheFeatures keep frozen-backbone features on disk across runs
 * @param merge for adapter techniques, save a full standalone model (LoRA folded into the weights)
 *     instead of an adapter-only checkpoint
 * @param dtype number format of the backbone's matrix products: of the frozen backbone's one pass over the
 *     texts, or, for techniques that train it, of every Linear layer in training (bf16 mixed precision, fp32
 *     weights); see {@link #precision}
 * @param recipe the published setup these values reproduce, if any; recorded, never consulted in training
 */
public record TrainConfig(
        String model,
        Technique technique,
        HeadConfig.Kind headKind,
        int headHidden,
        float headDropout,
        Pooling pooling,
        int epochs,
        int batchSize,
        int microBatchSize,
        float learningRate,
        float weightDecay,
        float warmupRatio,
        boolean linearDecay,
        float clipNorm,
        long seed,
        int maxLength,
        Truncation truncation,
        float valFraction,
        boolean bucket,
        Metric metric,
        int patience,
        boolean classWeights,
        boolean cacheFeatures,
        boolean merge,
        Precision dtype,
        Recipe recipe) {

    public TrainConfig {
        if (model == null || model.isBlank() || technique == null || headKind == null || pooling == null
                || truncation == null || metric == null || dtype == null || recipe == null) {
            throw new IllegalArgumentException(
                    "model, technique, head, pooling, truncation, metric, dtype and recipe must be set");
        }
        positive("epochs", epochs);
        positive("batch size", batchSize);
        positive("max length", maxLength);
        if (microBatchSize < 0 || microBatchSize > batchSize) {
            throw new IllegalArgumentException("micro-batch size must be in [0, batch size " + batchSize + "], got " + microBatchSize);
        }
        if (!(learningRate > 0) || !(weightDecay >= 0) || !(clipNorm >= 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, weight decay and clip norm ≥ 0; got "
                    + learningRate + ", " + weightDecay + ", " + clipNorm);
        }
        if (!(warmupRatio >= 0 && warmupRatio < 1) || !(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("warm-up ratio must be in [0, 1) and validation fraction in (0, 1); got "
                    + warmupRatio + ", " + valFraction);
        }
        if (merge && technique.additions().isNone()) {
            throw new IllegalArgumentException("merge applies to the adapter and lora methods, not " + technique.cliName()
                    + ", whose saved model is always a full one");
        }
        if (patience < 0 || maxLength < 8) {
            throw new IllegalArgumentException("patience must be ≥ 0 and max length ≥ 8; got " + patience + ", " + maxLength);
        }
    }

    /**
     * The technique's defaults, on bert-base-uncased with the recipe's head, data handling and seed. Frozen
     * features default to AUTO: they are computed once and only read by the head, so bf16 rounding touches
     * only the head's inputs, and the forward runs 1.7× faster than fp32 where the CPU has bf16 (bench/BF16.md).
     * Techniques that train the backbone default to FP32.
     */
    public static Builder builder(Technique technique) {
        TechniqueDefaults d = technique.defaults();
        Builder b = new Builder();
        b.technique = technique;
        b.dtype = technique.frozenBackbone() ? Precision.AUTO : Precision.FP32;
        b.learningRate = d.learningRate();
        b.batchSize = d.batchSize();
        b.epochs = d.epochs();
        b.warmupRatio = d.warmupRatio();
        b.linearDecay = d.linearDecay();
        b.clipNorm = d.clipNorm();
        b.patience = d.patience();
        return b;
    }

    /**
     * The seed tutorial, exactly: bert-base-uncased <b>frozen</b> (its features computed in fp32) and only the
     * head trained: [CLS] of the last layer → Linear(768, 512) → ReLU → Dropout(0.1) → Linear(512, labels);
     * max length 250 with head truncation, stratified 80/20 split (seed 42), batch 32, AdamW lr 1e-5 at a
     * constant rate, 5 epochs, the epoch with the best validation loss kept.
     *
     * <p>One deliberate difference: the tutorial leaves BERT in training mode, so BERT's dropout perturbs the
     * frozen features anew every epoch; here each text's features are computed once, without dropout, and
     * cached. {@code new FeatureExtraction(true)} ({@code --backbone-dropout}) recomputes them with dropout
     * on every epoch instead, as the tutorial does.
     */
    public static Builder seedRecipe() {
        return seedRecipe(new FeatureExtraction());
    }

    /**
     * The seed tutorial's hyperparameters with another technique (such as full fine-tuning). Everything runs in
     * fp32, as in the tutorial; {@code dtype(AUTO)} afterwards computes frozen features in bf16 where the CPU has it.
     */
    public static Builder seedRecipe(Technique technique) {
        return builder(technique).learningRate(1e-5f).batchSize(32).epochs(5).warmupRatio(0).linearDecay(false).clipNorm(0)
                .patience(0).maxLength(250).truncation(Truncation.HEAD).dtype(Precision.FP32).recipe(Recipe.SEED);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.technique = technique;
        b.headKind = headKind;
        b.headHidden = headHidden;
        b.headDropout = headDropout;
        b.pooling = pooling;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.microBatchSize = microBatchSize;
        b.learningRate = learningRate;
        b.weightDecay = weightDecay;
        b.warmupRatio = warmupRatio;
        b.linearDecay = linearDecay;
        b.clipNorm = clipNorm;
        b.seed = seed;
        b.maxLength = maxLength;
        b.truncation = truncation;
        b.valFraction = valFraction;
        b.bucket = bucket;
        b.metric = metric;
        b.patience = patience;
        b.classWeights = classWeights;
        b.cacheFeatures = cacheFeatures;
        b.merge = merge;
        b.dtype = dtype;
        b.recipe = recipe;
        return b;
    }

    public HeadConfig head(int numLabels) {
        return new HeadConfig(headKind, headHidden, headDropout, pooling, numLabels);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        o.addProperty("method", technique.cliName());
        o.add("technique", technique.toJson());
        o.addProperty("head", headKind.name().toLowerCase(Locale.ROOT));
        o.addProperty("head_hidden", headHidden);
        o.addProperty("head_dropout", headDropout);
        o.addProperty("pooling", pooling.name().toLowerCase(Locale.ROOT));
        o.addProperty("epochs", epochs);
        o.addProperty("batch_size", batchSize);
        o.addProperty("micro_batch_size", microBatchSize);
        o.addProperty("lr", learningRate);
        o.addProperty("weight_decay", weightDecay);
        o.addProperty("warmup_ratio", warmupRatio);
        o.addProperty("linear_decay", linearDecay);
        o.addProperty("clip_norm", clipNorm);
        o.addProperty("seed", seed);
        o.addProperty("max_length", maxLength);
        o.addProperty("truncation", truncation.name().toLowerCase(Locale.ROOT));
        o.addProperty("val_fraction", valFraction);
        o.addProperty("bucket", bucket);
        o.addProperty("metric", metric.cliName());
        o.addProperty("patience", patience);
        o.addProperty("class_weights", classWeights);
        o.addProperty("cache_features", cacheFeatures);
        o.addProperty("merge", merge);
        o.addProperty("dtype", dtype.name().toLowerCase(Locale.ROOT));
        o.addProperty("recipe", recipe.cliName());
        return o;
    }

    public static TrainConfig fromJson(JsonObject o) {
        Technique technique = o.has("technique") ? Technique.fromJson(o.getAsJsonObject("technique"))
                : Technique.fromCliName(o.get("method").getAsString());
        return builder(technique)
                .model(o.get("model").getAsString())
                .head(HeadConfig.Kind.valueOf(o.get("head").getAsString().toUpperCase(Locale.ROOT)),
                        o.get("head_hidden").getAsInt(), o.get("head_dropout").getAsFloat())
                .pooling(Pooling.valueOf(o.get("pooling").getAsString().toUpperCase(Locale.ROOT)))
                .epochs(o.get("epochs").getAsInt())
                .batchSize(o.get("batch_size").getAsInt())
                .microBatchSize(o.get("micro_batch_size").getAsInt())
                .learningRate(o.get("lr").getAsFloat())
                .weightDecay(o.get("weight_decay").getAsFloat())
                .warmupRatio(o.get("warmup_ratio").getAsFloat())
                .linearDecay(o.get("linear_decay").getAsBoolean())
                .clipNorm(o.get("clip_norm").getAsFloat())
                .seed(o.get("seed").getAsLong())
                .maxLength(o.get("max_length").getAsInt())
                .truncation(Truncation.valueOf(o.get("truncation").getAsString().toUpperCase(Locale.ROOT)))
                .valFraction(o.get("val_fraction").getAsFloat())
                .bucket(o.get("bucket").getAsBoolean())
                .metric(Metric.valueOf(o.get("metric").getAsString().toUpperCase(Locale.ROOT).replace('-', '_')))
                .patience(o.get("patience").getAsInt())
                .classWeights(o.get("class_weights").getAsBoolean())
                .cacheFeatures(o.get("cache_features").getAsBoolean())
                .merge(o.has("merge") && o.get("merge").getAsBoolean())
                // Runs from before the option computed their features in fp32; a resume must match them.
                .dtype(o.has("dtype") ? Precision.parse(o.get("dtype").getAsString())
                        : o.has("feature_dtype") ? Precision.parse(o.get("feature_dtype").getAsString()) : Precision.FP32)
                .recipe(o.has("recipe") ? Recipe.fromCliName(o.get("recipe").getAsString()) : Recipe.NONE)
                .build();
    }

    /**
     * What the run computes in on this host, FP32 or BF16 ({@link Precision#resolve}, which warns where bf16 was
     * asked for and is unavailable): the frozen-feature pass, or the training forwards' Linear layers
     * ({@link dev.tune4j.engine.Autocast}).
     */
    public Precision precision(Consumer<String> warn) {
        return dtype.resolve(warn);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }

    /** Mutable only while building; {@link #build()} validates. */
    public static final class Builder {
        private String model = "bert-base-uncased";
        private Technique technique;
        private HeadConfig.Kind headKind = HeadConfig.Kind.MLP;
        private int headHidden = 512;
        private float headDropout = 0.1f;
        private Pooling pooling = Pooling.CLS;
        private int epochs;
        private int batchSize;
        private int microBatchSize;
        private float learningRate;
        private float weightDecay = 0.01f;
        private float warmupRatio;
        private boolean linearDecay;
        private float clipNorm;
        private long seed = 42;
        private int maxLength = 250;
        /** Sun et al. (2019): a review's first quarter and last three quarters beat its head alone (measured: bench/RESULTS.md). */
        private Truncation truncation = Truncation.HEAD_TAIL;
        private float valFraction = 0.2f;
        private boolean bucket = true;
        private Metric metric = Metric.VAL_LOSS;
        private int patience;
        private boolean classWeights;
        private boolean cacheFeatures = true;
        private boolean merge;
        private Precision dtype;
        private Recipe recipe = Recipe.NONE;

        private Builder() {}

        public Builder model(String v) { model = v; return this; }
        public Builder head(HeadConfig.Kind kind, int hidden, float dropout) { headKind = kind; headHidden = hidden; headDropout = dropout; return this; }
        public Builder headKind(HeadConfig.Kind v) { headKind = v; return this; }
        public Builder pooling(Pooling v) { pooling = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder microBatchSize(int v) { microBatchSize = v; return this; }
        public Builder learningRate(float v) { learningRate = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder warmupRatio(float v) { warmupRatio = v; return this; }
        public Builder linearDecay(boolean v) { linearDecay = v; return this; }
        public Builder clipNorm(float v) { clipNorm = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder maxLength(int v) { maxLength = v; return this; }
        public Builder truncation(Truncation v) { truncation = v; return this; }
        public Builder valFraction(float v) { valFraction = v; return this; }
        public Builder bucket(boolean v) { bucket = v; return this; }
        public Builder metric(Metric v) { metric = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder classWeights(boolean v) { classWeights = v; return this; }
        public Builder cacheFeatures(boolean v) { cacheFeatures = v; return this; }
        public Builder merge(boolean v) { merge = v; return this; }
        public Builder dtype(Precision v) { dtype = v; return this; }
        public Builder recipe(Recipe v) { recipe = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(model, technique, headKind, headHidden, headDropout, pooling, epochs, batchSize,
                    microBatchSize, learningRate, weightDecay, warmupRatio, linearDecay, clipNorm, seed, maxLength,
                    truncation, valFraction, bucket, metric, patience, classWeights, cacheFeatures, merge, dtype, recipe);
        }
    }
}
