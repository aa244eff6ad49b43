package dev.tune4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tune4j.Tune4jException;
import dev.tune4j.Tune4jHome;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.classify.ProblemType;
import dev.tune4j.data.Dataset;
import dev.tune4j.engine.Autocast;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Scalars;
import dev.tune4j.engine.Torch;
import dev.tune4j.model.ParameterNames;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.tokenize.LengthBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The training loop shared by every technique: seeded shuffling (optionally bucketed by length),
 * micro-batches with gradient accumulation, AdamW, clipping, evaluation after each epoch without
 * gradients or dropout, best-epoch selection, early stopping, and a resumable checkpoint per epoch.
 */
public final class ClassifierTrainer {

    /** Tokens of activations per GB at BERT-base width, measured: 8 × 256 tokens took ≈ 4 GB beyond the weights. */
    private static final double ACTIVATION_GB_PER_1K_TOKENS = 2.0;
    private static final double ACTIVATION_BUDGET_GB = 6.0;
    /**
     * Attention scores per pass, B·T² per head. Up to 16 × 128² (12.6 MB of (B, N, T, T) scores at bert-base
     * width) a pass's elementwise work stays near a 32 MB L3 cache; above it a step slows down. Measured on one
     * core, full step at 32 × 250: passes of 8 took 26.95 s, of 4 25.09 s, of 2 24.74 s; at 16 × 128 passes of
     * 16 and 8 tied (7.23, 7.19 s).
     */
    private static final long SCORES_PER_PASS = 16L * 128 * 128;
    private static final int EVAL_BATCH = 32;

    private final TrainConfig config;
    private final TrainingListener listener;
    private final FeatureCache features;

    public ClassifierTrainer(TrainConfig config, TrainingListener listener) {
        this(config, listener, null);
    }

    /**
     * A trainer whose frozen-backbone features come from {@code features} (computed elsewhere, e.g. on a
     * cluster, in the precision {@link TrainConfig#precision} resolves to); texts it lacks are computed here.
     * Null: the trainer's own cache, as {@link TrainConfig#cacheFeatures()} says.
     */
    public ClassifierTrainer(TrainConfig config, TrainingListener listener, FeatureCache features) {
        this.config = config;
        this.listener = listener;
        this.features = features;
    }

    /**
     * Trains on {@code train}, selects on {@code val}, writes checkpoints under {@code runDir/checkpoint}
     * and returns the model with the best epoch's weights in place (the caller saves it).
     *
     * @param resume continue from the last completed epoch found in {@code runDir}
     */
    public TrainResult fit(ClassifierModel model, Dataset train, Dataset val, Path runDir, boolean resume) {
        if (train.size() == 0 || val.size() == 0) {
            throw new Tune4jException("need training and validation examples, got " + train.size() + " and " + val.size());
        }
        boolean multiLabel = model.head().problem() == ProblemType.MULTI_LABEL;
        if (train.multiLabel() != multiLabel || val.multiLabel() != multiLabel) {
            throw new IllegalArgumentException("a " + model.head().problem().hfName() + " head cannot train on data whose "
                    + "multi-label flags are " + train.multiLabel() + " (train) and " + val.multiLabel() + " (validation)");
        }
        Map<String, Parameter> trainable = config.technique().configure(model.block());
        // The pretrained weights are a read-only file mapping; the optimizer writes in place.
        trainable.values().forEach(WeightLoader::detachFromFile);
        long total = model.parameterCount();
        long trained = trainable.values().stream().mapToLong(p -> p.getArray().size()).sum();
        listener.log(String.format("trainable parameters: %,d of %,d (%.2f%%): %s; technique %s", trained, total,
                100.0 * trained / total, breakdown(trainable), config.technique().cliName()));

        // A bf16 copy taken before training would answer evaluation forwards with weights that no longer train.
        model.block().bert().encoder().runIn(Precision.FP32);
        Precision precision = config.precision(listener::log);
        List<BatchSource> sources = sources(model, List.of(train, val), precision);
        BatchSource trainSource = sources.get(0);
        BatchSource valSource = sources.get(1);
        int micro = microBatchSize(trainSource, train.size());
        if (micro < config.batchSize()) {
            listener.log("micro-batches of " + micro + " with gradient accumulation to " + config.batchSize());
        }
        float[] weights = !config.classWeights() ? null : multiLabel ? positiveWeights(train) : inverseFrequency(train);
        boolean mixedPrecision = precision == Precision.BF16 && !config.technique().featuresOnce();
        if (mixedPrecision) {
            listener.log("bf16 mixed precision: Linear layers multiply in bf16; weights and optimizer state stay fp32");
        }
        Loop loop = new Loop(model, List.copyOf(trainable.values()), micro, schedule(train.size()),
                new AdamW(new AdamW.Hyper(0.9f, 0.999f, 1e-8f, config.weightDecay()), model.manager()), weights,
                mixedPrecision);
        List<int[]> trainLabels = train.labels();
        List<int[]> valLabels = val.labels();

        Checkpoints checkpoints = new Checkpoints(runDir.resolve("checkpoint"), trainable, loop.optimizer);
        TrainState state = TrainState.fresh();
        if (resume && checkpoints.hasCompletedEpoch()) {
            state = checkpoints.restore();
            listener.log("resuming after epoch " + state.epochsDone() + " of " + config.epochs());
        } else if (resume) {
            // The split and seed are recorded, so starting over gives what the interrupted run would have.
            listener.log("no completed epoch to resume from: starting the run from the beginning");
        }
        for (int epoch = state.epochsDone() + 1; epoch <= config.epochs() && !state.stopped(); epoch++) {
            long start = System.nanoTime();
            double trainLoss = loop.epoch(trainSource, trainLabels, epoch);
            Evaluation eval = evaluate(loop.ps, valSource, valLabels, model.head().problem(), model.manager());
            EpochMetrics m = state.record(epoch, trainLoss, eval, loop.lastLr, (System.nanoTime() - start) / 1e9,
                    config.metric(), config.patience());
            if (m.best()) {
                checkpoints.saveBest();
            }
            checkpoints.save(state);
            listener.epochEnded(m);
        }
        checkpoints.restoreBest();
        // Evaluated again rather than remembered: confirms the restored weights are the best epoch's.
        Evaluation validation = evaluate(loop.ps, valSource, valLabels, model.head().problem(), model.manager());
        return new TrainResult(state.epochs(), state.bestEpoch(), trained, total, micro, validation, precision);
    }

    /** What one run's epochs share: parameters, optimizer, schedule. */
    private final class Loop {
        final ParameterStore ps;
        final NDManager manager;
        final List<Parameter> params;
        final int micro;
        final LrSchedule schedule;
        final AdamW optimizer;
        final ProblemType problem;
        final float[] classWeights;
        final StepGuard guard = new StepGuard(config.clipNorm(), true, listener::log);
        final boolean mixedPrecision;
        float lastLr;

        Loop(ClassifierModel model, List<Parameter> params, int micro, LrSchedule schedule, AdamW optimizer,
             float[] classWeights, boolean mixedPrecision) {
            this.mixedPrecision = mixedPrecision;
            this.manager = model.manager();
            this.ps = new ParameterStore(manager, false);
            this.params = params;
            this.micro = micro;
            this.schedule = schedule;
            this.optimizer = optimizer;
            this.problem = model.head().problem();
            this.classWeights = classWeights;
        }

        /** One pass over the training data; returns the mean training loss. */
        double epoch(BatchSource source, List<int[]> labels, int epoch) {
            // Seeding per epoch makes dropout masks and order depend only on (seed, epoch): resume reproduces them.
            Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000 + epoch));
            listener.phaseStarted("epoch " + epoch + "/" + config.epochs(), labels.size(), "examples");
            double lossSum = 0;
            long done = 0;
            long counted = 0;
            for (int[] rows : batches(source, labels.size(), epoch)) {
                lastLr = schedule.at(optimizer.stepCount());
                double loss = step(rows, source, labels);
                done += rows.length;
                if (Double.isFinite(loss)) {
                    lossSum += loss * rows.length;
                    counted += rows.length;
                }
                listener.progress(done, counted == 0 ? Double.NaN : lossSum / counted);
            }
            listener.phaseEnded();
            return counted == 0 ? Double.NaN : lossSum / counted;
        }

        /** One optimizer step over {@code rows}, accumulating gradients over micro-batches. Returns the mean loss. */
        double step(int[] rows, BatchSource source, List<int[]> labels) {
            double loss = 0;
            for (int from = 0; from < rows.length; from += micro) {
                int[] part = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + micro));
                try (NDManager scope = manager.newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits;
                    try (Autocast ignored = Autocast.bf16(mixedPrecision)) {
                        logits = source.logits(ps, part, true, scope);
                    }
                    NDArray l = Scalars.mul(loss(problem, logits, select(labels, part), classWeights),
                            (double) part.length / rows.length);
                    gc.backward(l);
                    loss += l.getFloat();
                }
            }
            if (!guard.clipAndCheck(params, loss, optimizer.stepCount() + 1, lastLr)) {
                return Double.NaN;
            }
            optimizer.step(params, lastLr);
            return loss;
        }
    }

    /**
     * One batch source per data set. With a frozen backbone the features of all of them come from one
     * {@link Featurizer} pass, so the encoder's bf16 copy is made once, not once per data set.
     */
    private List<BatchSource> sources(ClassifierModel model, List<Dataset> sets, Precision precision) {
        if (!config.technique().featuresOnce()) {
            return sets.stream().map(d -> (BatchSource) new BatchSource.Tokens(model.block(), model.encode(d.texts()),
                    model.padId())).toList();
        }
        List<String> texts = sets.stream().flatMap(d -> d.texts().stream()).toList();
        float[][] features = Featurizer.features(model.block(), texts, model.encode(texts), model.padId(), precision,
                featureCache(model, precision), model.manager(), listener);
        List<BatchSource> out = new ArrayList<>();
        int from = 0;
        for (Dataset d : sets) {
            out.add(new BatchSource.Features(model.block(), Arrays.copyOfRange(features, from, from + d.size())));
            from += d.size();
        }
        return out;
    }

    private LrSchedule schedule(int trainSize) {
        long totalSteps = (long) ((trainSize + config.batchSize() - 1) / config.batchSize()) * config.epochs();
        return new LrSchedule(config.learningRate(), Math.round(totalSteps * config.warmupRatio()), totalSteps,
                config.linearDecay());
    }

    /** Cross-entropy, or binary cross-entropy for multi-label; validation passes no weights. */
    private static NDArray loss(ProblemType problem, NDArray logits, int[][] labels, float[] weights) {
        if (problem == ProblemType.MULTI_LABEL) {
            return Losses.binaryCrossEntropy(logits, labels, weights);
        }
        return Losses.crossEntropy(logits, Arrays.stream(labels).mapToInt(l -> l[0]).toArray(), weights);
    }

    /** Loss and probabilities on {@code source}, with dropout off and autograd off. */
    static Evaluation evaluate(ParameterStore ps, BatchSource source, List<int[]> labels, ProblemType problem,
                               NDManager manager) {
        Torch.gradMode(false);
        int n = labels.size();
        float[][] probs = new float[n][];
        double lossSum = 0;
        for (int[] rows : LengthBatches.plan(n, source::length, EVAL_BATCH)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = source.logits(ps, rows, false, scope); // (B, C)
                int c = (int) logits.getShape().get(1);
                float[] p = problem.probabilities(logits).toFloatArray();
                for (int r = 0; r < rows.length; r++) {
                    probs[rows[r]] = Arrays.copyOfRange(p, r * c, (r + 1) * c);
                }
                lossSum += loss(problem, logits, select(labels, rows), null).getFloat() * rows.length;
            }
        }
        return new Evaluation(lossSum / n, probs, labels, problem == ProblemType.MULTI_LABEL);
    }

    /** Features of a frozen backbone depend on the weights, pooling, tokenization and precision; the cache file is keyed by all. */
    private FeatureCache featureCache(ClassifierModel model, Precision precision) {
        int h = model.config().hiddenSize();
        if (features != null) {
            if (features.dimension() != h) {
                throw new IllegalArgumentException("features of dimension " + features.dimension() + " for a model of hidden size " + h);
            }
            return features;
        }
        if (!config.cacheFeatures()) {
            return FeatureCache.inMemory(h);
        }
        Path file = Tune4jHome.root().resolve("features").resolve(featureCacheName(model.sourceSha256(), config, precision));
        listener.log("feature cache: " + file);
        return FeatureCache.onDisk(file, h);
    }

    /**
     * The name of the feature cache of a model (by its weights' SHA-256), pooling, truncation, length and
     * precision. ".f32c": records carry a checksum; files of the earlier format (".f32") are left alone, not misread.
     */
    public static String featureCacheName(String modelSha256, TrainConfig config, Precision precision) {
        if (precision == Precision.AUTO) {
            throw new IllegalArgumentException("a feature cache holds fp32 or bf16 features, not " + precision);
        }
        return String.format("%s-%s-%s-%d%s.f32", modelSha256.substring(0, 16),
                config.pooling().name().toLowerCase(java.util.Locale.ROOT),
                config.truncation().name().toLowerCase(java.util.Locale.ROOT), config.maxLength(),
                precision == Precision.BF16 ? "-bf16" : "") + "c";
    }

    private List<int[]> batches(BatchSource source, int n, int epoch) {
        Random rng = new Random(config.seed() * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        java.util.Collections.shuffle(order, rng);
        int bs = config.batchSize();
        if (config.bucket()) {
            // Sort within windows of 50 batches so each batch holds similar lengths (less padding),
            // then shuffle the batches so the model does not see lengths in order.
            int window = bs * 50;
            for (int from = 0; from < n; from += window) {
                order.subList(from, Math.min(n, from + window)).sort(Comparator.comparingInt(source::length));
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < n; from += bs) {
            batches.add(order.subList(from, Math.min(n, from + bs)).stream().mapToInt(Integer::intValue).toArray());
        }
        if (config.bucket()) {
            java.util.Collections.shuffle(batches, rng);
        }
        return batches;
    }

    private int microBatchSize(BatchSource source, int n) {
        if (config.microBatchSize() > 0 || config.technique().featuresOnce()) {
            return config.microBatchSize() > 0 ? config.microBatchSize() : config.batchSize();
        }
        return passSize(config.batchSize(), IntStream.range(0, n).map(source::length).max().orElse(1));
    }

    /** Examples per forward/backward pass of a batch whose longest text has {@code longest} tokens: halved until it fits. */
    static int passSize(int batchSize, int longest) {
        int inMemory = (int) Math.max(1, ACTIVATION_BUDGET_GB / ACTIVATION_GB_PER_1K_TOKENS * 1000 / longest);
        int inCache = (int) Math.max(1, SCORES_PER_PASS / ((long) longest * longest));
        int fits = Math.min(inMemory, inCache);
        int micro = batchSize;
        while (micro > fits) {
            micro = (micro + 1) / 2;
        }
        return micro;
    }

    /** "LoRA 294,912 + head 394,754": trainable parameters by kind, in the order backbone, adapters, LoRA, head. */
    static String breakdown(Map<String, Parameter> trainable) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        List.of("backbone", "adapters", "LoRA", "head").forEach(kind -> byKind.put(kind, 0L));
        trainable.forEach((key, p) -> {
            String kind = key.startsWith("classifier.") ? "head" : ParameterNames.isLora(key) ? "LoRA"
                    : ParameterNames.isAdded(key) ? "adapters" : "backbone";
            byKind.merge(kind, p.getArray().size(), Long::sum);
        });
        return byKind.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(" + "));
    }

    private static float[] inverseFrequency(Dataset train) {
        int[] counts = train.classCounts();
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) train.size() / (counts.length * counts[c]);
        }
        return w;
    }

    /**
     * PyTorch's pos_weight for BCE: a label's positives weigh its negatives / positives in the training
     * data, so that each label's two kinds of example count equally. A label on no training example, or on
     * every one, has nothing to balance and keeps weight 1.
     */
    private static float[] positiveWeights(Dataset train) {
        int[] positives = train.classCounts();
        float[] w = new float[positives.length];
        for (int c = 0; c < positives.length; c++) {
            int negatives = train.size() - positives[c];
            w[c] = positives[c] == 0 || negatives == 0 ? 1f : (float) negatives / positives[c];
        }
        return w;
    }

    private static int[][] select(List<int[]> labels, int[] rows) {
        int[][] out = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels.get(rows[i]);
        }
        return out;
    }
}
