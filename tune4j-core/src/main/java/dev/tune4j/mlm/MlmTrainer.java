package dev.tune4j.mlm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Scalars;
import dev.tune4j.engine.Torch;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.train.AdamW;
import dev.tune4j.train.LrSchedule;
import dev.tune4j.train.StepGuard;
import dev.tune4j.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Masked-LM training (pretraining from scratch or continued, domain-adaptive pretraining as in Sun et
 * al. 2019): documents are split into training and held-out ones, packed into sequences, masked anew
 * in every batch, and the cross-entropy is taken over the masked positions only. The held-out loss
 * is measured before the first step and after every epoch, always with the same masks.
 */
public final class MlmTrainer {

    /** Sequences per held-out batch. */
    private static final int EVAL_BATCH = 32;
    /** Keeps the held-out masks apart from any training batch's. */
    private static final long HELD_OUT_SALT = 0x5EEDL << 40;

    /** A finished run: epoch 0 is the model before training. */
    public record Result(List<MlmEpoch> epochs, int trainSequences, int valSequences, long trainTokens, int skippedSteps) {

        public MlmEpoch before() {
            return epochs.get(0);
        }

        public MlmEpoch last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    /** Held-out numbers, summed per masked token. */
    public record HeldOut(double loss, double accuracy, long maskedTokens) {}

    private final MlmConfig config;
    private final TrainingListener listener;
    private final StepGuard guard;

    public MlmTrainer(MlmConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
        this.guard = new StepGuard(config.clipNorm(), false, listener::log);
    }

    /** Trains {@code model} in place on {@code documents}; the caller saves it. */
    public Result fit(MlmModel model, List<String> documents) {
        List<long[]> pieces = model.pieces(documents);
        int[][] split = splitDocuments(pieces.size());
        List<Encoding> train = packed(model, pieces, split[0]);
        List<Encoding> val = packed(model, pieces, split[1]);
        if (train.isEmpty() || val.isEmpty()) {
            throw new Tune4jException("need text for training and held-out sequences, got " + train.size() + " and "
                    + val.size() + " sequences from " + documents.size() + " documents");
        }
        long tokens = train.stream().mapToLong(Encoding::length).sum();
        listener.log(String.format(java.util.Locale.ROOT, "%d documents -> %d training sequences (%,d tokens) and %d "
                + "held-out sequences (%d documents) of at most %d tokens", documents.size(), train.size(), tokens,
                val.size(), split[1].length, config.maxLength()));
        Masker masker = Masker.forTokenizer(model.tokenizer(), config.maskProb(), config.wholeWordMask());

        List<Parameter> params = new ArrayList<>(model.parameters().values());
        for (Parameter p : params) {
            // Pretrained weights are a read-only file mapping; the optimizer writes in place.
            WeightLoader.detachFromFile(p);
            p.freeze(false);
        }
        int stepsPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        LrSchedule schedule = new LrSchedule(config.learningRate(), Math.round(totalSteps * config.warmupRatio()),
                totalSteps, true);
        AdamW optimizer = new AdamW(new AdamW.Hyper(0.9f, 0.999f, 1e-6f, config.weightDecay()), model.manager());
        ParameterStore ps = new ParameterStore(model.manager(), false);

        List<MlmEpoch> epochs = new ArrayList<>();
        long start = System.nanoTime();
        HeldOut before = heldOut(model, ps, masker, val, config.seed());
        epochs.add(epoch(0, Double.NaN, before, 0, start));
        listener.log(epochs.get(0).describe());
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            start = System.nanoTime();
            Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000 + epoch));
            List<int[]> batches = batches(train.size(), epoch);
            listener.phaseStarted("epoch " + epoch + "/" + config.epochs(), train.size(), "sequences");
            double lossSum = 0;
            long done = 0;
            float lr = 0;
            for (int b = 0; b < batches.size(); b++) {
                int[] rows = batches.get(b);
                lr = schedule.at(optimizer.stepCount());
                Batch batch = Batch.padded(train, rows, model.tokenizer().padId());
                Masker.Masked masked = masker.mask(batch.inputIds(), new SplittableRandom(batchSeed(epoch, b)));
                lossSum += step(model, ps, batch, masked, params, optimizer, lr) * rows.length;
                done += rows.length;
                listener.progress(done, lossSum / done);
            }
            listener.phaseEnded();
            HeldOut eval = heldOut(model, ps, masker, val, config.seed());
            epochs.add(epoch(epoch, lossSum / train.size(), eval, lr, start));
            listener.log(epochs.get(epochs.size() - 1).describe());
        }
        return new Result(List.copyOf(epochs), train.size(), val.size(), tokens, guard.skipped());
    }

    /**
     * Held-out loss of {@code sequences} masked with {@code seed}: the same masks for the same seed, so
     * two models (before and after training) are compared on exactly the same predictions.
     */
    public static HeldOut heldOut(MlmModel model, ParameterStore ps, Masker masker, List<Encoding> sequences, long seed) {
        Torch.gradMode(false);
        double nll = 0;
        long correct = 0;
        long count = 0;
        for (int from = 0, b = 0; from < sequences.size(); from += EVAL_BATCH, b++) {
            int[] rows = IntStream.range(from, Math.min(sequences.size(), from + EVAL_BATCH)).toArray();
            Batch batch = Batch.padded(sequences, rows, model.tokenizer().padId());
            Masker.Masked masked = masker.mask(batch.inputIds(), new SplittableRandom(seed ^ (HELD_OUT_SALT + b)));
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray logp = model.logitsAt(ps, batch, masked.inputIds(), masked.positions(), false, scope).logSoftmax(-1);
                NDArray targets = scope.create(masked.targets()).reshape(-1, 1); // (M, 1)
                nll -= logp.gather(targets, 1).sum().getFloat();
                correct += logp.argMax(1).eq(targets.reshape(-1)).sum().getLong();
                count += masked.targets().length;
            }
        }
        return new HeldOut(nll / count, (double) correct / count, count);
    }

    /** One optimizer step; the batch's masked tokens are split over micro-batches by row. Returns the mean loss. */
    private double step(MlmModel model, ParameterStore ps, Batch batch, Masker.Masked masked, List<Parameter> params,
                        AdamW optimizer, float lr) {
        int micro = config.microBatchSize() > 0 ? config.microBatchSize() : config.batchSize();
        double loss = 0;
        int total = masked.positions().length;
        for (int from = 0; from < batch.size(); from += micro) {
            int to = Math.min(batch.size(), from + micro);
            Micro part = Micro.of(batch, masked, from, to);
            if (part.positions.length == 0) {
                continue;
            }
            try (NDManager scope = model.manager().newSubManager();
                 GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.logitsAt(ps, part.batch, part.inputIds, part.positions, true, scope); // (M, V)
                NDArray targets = scope.create(part.targets).reshape(-1, 1); // (M, 1)
                // Sum over this part's tokens divided by the batch's: the accumulated gradient is the batch mean.
                NDArray l = Scalars.div(logits.logSoftmax(-1).gather(targets, 1).sum().neg(), total);
                gc.backward(l);
                loss += l.getFloat();
            }
        }
        if (guard.clipAndCheck(params, loss, optimizer.stepCount() + 1, lr)) {
            optimizer.step(params, lr);
        }
        return loss;
    }

    /** Rows [from, to) of a masked batch, positions re-based to the part. */
    private record Micro(Batch batch, long[] inputIds, long[] positions, long[] targets) {

        static Micro of(Batch batch, Masker.Masked masked, int from, int to) {
            int t = batch.length();
            if (from == 0 && to == batch.size()) {
                return new Micro(batch, masked.inputIds(), masked.positions(), masked.targets());
            }
            int lo = from * t;
            int hi = to * t;
            Batch part = new Batch(Arrays.copyOfRange(batch.inputIds(), lo, hi), Arrays.copyOfRange(batch.typeIds(), lo, hi),
                    Arrays.copyOfRange(batch.attentionMask(), lo, hi), to - from, t);
            int[] keep = IntStream.range(0, masked.positions().length)
                    .filter(i -> masked.positions()[i] >= lo && masked.positions()[i] < hi).toArray();
            long[] positions = Arrays.stream(keep).mapToLong(i -> masked.positions()[i] - lo).toArray();
            long[] targets = Arrays.stream(keep).mapToLong(i -> masked.targets()[i]).toArray();
            return new Micro(part, Arrays.copyOfRange(masked.inputIds(), lo, hi), positions, targets);
        }
    }

    private MlmEpoch epoch(int n, double trainLoss, HeldOut eval, float lr, long startNanos) {
        return new MlmEpoch(n, trainLoss, eval.loss(), Math.exp(eval.loss()), eval.accuracy(), lr,
                (System.nanoTime() - startNanos) / 1e9);
    }

    /** Seeded document split: {train indices, held-out indices}, each ascending. */
    int[][] splitDocuments(int n) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, new Random(config.seed()));
        int held = n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(n * (double) config.valFraction())));
        int[] val = order.subList(0, held).stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] train = order.subList(held, n).stream().mapToInt(Integer::intValue).sorted().toArray();
        return new int[][] {train, val};
    }

    private List<Encoding> packed(MlmModel model, List<long[]> pieces, int[] docs) {
        List<long[]> selected = Arrays.stream(docs).mapToObj(pieces::get).toList();
        return Packing.pack(selected, config.maxLength(), model.tokenizer().clsId(), model.tokenizer().sepId())
                .stream().map(Packing::encoding).toList();
    }

    private List<int[]> batches(int n, int epoch) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, new Random(config.seed() * 1_000_003L + epoch));
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < n; from += config.batchSize()) {
            out.add(order.subList(from, Math.min(n, from + config.batchSize())).stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Masks depend only on (seed, epoch, batch index): reproducible, and different every epoch. */
    private long batchSeed(int epoch, int batch) {
        return config.seed() * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + batch;
    }
}
