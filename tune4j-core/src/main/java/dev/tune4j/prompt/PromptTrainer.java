package dev.tune4j.prompt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tune4j.Tune4jException;
import dev.tune4j.data.Dataset;
import dev.tune4j.engine.Autocast;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Scalars;
import dev.tune4j.engine.Torch;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.train.AdamW;
import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.Evaluation;
import dev.tune4j.train.Losses;
import dev.tune4j.train.LrSchedule;
import dev.tune4j.train.StepGuard;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainResult;
import dev.tune4j.train.TrainState;
import dev.tune4j.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Prompt-based fine-tuning (LM-BFF, Gao et al. 2021): the classifier is the masked LM itself, reading
 * the label off its verbalizer words at the template's [MASK], so no new head is trained and few
 * examples go a long way. Loss: cross-entropy over {@link ClozeClassifier#labelScores}. Every weight
 * of the masked LM trains (full fine-tuning); epochs, schedule, best-epoch selection and early stopping
 * follow the {@link TrainConfig} as in {@link dev.tune4j.train.ClassifierTrainer}.
 */
public final class PromptTrainer {

    private static final int EVAL_BATCH = 32;

    private final TrainConfig config;
    private final TrainingListener listener;
    private final StepGuard guard;

    public PromptTrainer(TrainConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
        this.guard = new StepGuard(config.clipNorm(), false, listener::log);
    }

    /** Trains on {@code train}, selects on {@code val}; returns with the best epoch's weights in place. */
    public TrainResult fit(ClozeClassifier model, Dataset train, Dataset val) {
        if (train.size() == 0 || val.size() == 0) {
            throw new Tune4jException("need training and validation examples, got " + train.size() + " and " + val.size());
        }
        NDManager manager = model.model().manager();
        List<Parameter> params = new ArrayList<>(model.model().parameters().values());
        for (Parameter p : params) {
            // Pretrained weights are a read-only file mapping; the optimizer writes in place.
            WeightLoader.detachFromFile(p);
            p.freeze(false);
        }
        long total = model.model().parameterCount();
        listener.log(String.format("prompt-based fine-tuning of all %,d parameters; template \"%s\", words %s", total,
                model.template().pattern(), model.words()));
        Precision precision = config.precision(listener::log);
        List<ClozeClassifier.Prompt> trainPrompts = model.prompts(train.texts());
        List<ClozeClassifier.Prompt> valPrompts = model.prompts(val.texts());
        int[] trainLabels = labels(model, train);
        int[] valLabels = labels(model, val);
        int micro = config.microBatchSize() > 0 ? config.microBatchSize() : config.batchSize();
        int stepsPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        LrSchedule schedule = new LrSchedule(config.learningRate(), Math.round(totalSteps * config.warmupRatio()),
                totalSteps, config.linearDecay());
        AdamW optimizer = new AdamW(new AdamW.Hyper(0.9f, 0.999f, 1e-8f, config.weightDecay()), manager);
        ParameterStore ps = new ParameterStore(manager, false);

        TrainState state = TrainState.fresh();
        Map<Parameter, NDArray> best = new IdentityHashMap<>();
        for (int epoch = 1; epoch <= config.epochs() && !state.stopped(); epoch++) {
            long start = System.nanoTime();
            Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000 + epoch));
            listener.phaseStarted("epoch " + epoch + "/" + config.epochs(), train.size(), "examples");
            double lossSum = 0;
            long done = 0;
            float lr = 0;
            for (int[] rows : batches(train.size(), epoch)) {
                lr = schedule.at(optimizer.stepCount());
                lossSum += step(model, ps, trainPrompts, rows, trainLabels, micro, params, optimizer, lr,
                        precision == Precision.BF16) * rows.length;
                done += rows.length;
                listener.progress(done, lossSum / done);
            }
            listener.phaseEnded();
            Evaluation eval = evaluate(model, ps, valPrompts, valLabels);
            EpochMetrics m = state.record(epoch, lossSum / train.size(), eval, lr, (System.nanoTime() - start) / 1e9,
                    config.metric(), config.patience());
            listener.epochEnded(m);
            // The last epoch's weights are already in place; an earlier best is copied aside.
            if (m.best() && epoch < config.epochs()) {
                remember(params, best);
            }
        }
        if (state.bestEpoch() != state.epochsDone()) {
            for (Parameter p : params) {
                p.getArray().set(best.get(p).toByteBuffer());
            }
        }
        best.values().forEach(NDArray::close);
        Evaluation validation = evaluate(model, ps, valPrompts, valLabels);
        return new TrainResult(state.epochs(), state.bestEpoch(), total, total, micro, validation, precision);
    }

    /** Label probabilities and mean loss on {@code prompts}, dropout and autograd off. */
    static Evaluation evaluate(ClozeClassifier model, ParameterStore ps, List<ClozeClassifier.Prompt> prompts, int[] labels) {
        Torch.gradMode(false);
        int n = labels.length;
        int c = model.labels().size();
        float[][] probs = new float[n][];
        double nll = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int[] rows = IntStream.range(from, Math.min(n, from + EVAL_BATCH)).toArray();
            try (NDManager scope = model.model().manager().newSubManager()) {
                float[] p = model.labelScores(ps, prompts, rows, false, scope).softmax(-1).toFloatArray();
                for (int r = 0; r < rows.length; r++) {
                    probs[rows[r]] = Arrays.copyOfRange(p, r * c, (r + 1) * c);
                    nll -= Math.log(Math.max(probs[rows[r]][labels[rows[r]]], 1e-12));
                }
            }
        }
        return new Evaluation(nll / n, probs, labels);
    }

    private double step(ClozeClassifier model, ParameterStore ps, List<ClozeClassifier.Prompt> prompts, int[] rows,
                        int[] labels, int micro, List<Parameter> params, AdamW optimizer, float lr, boolean mixedPrecision) {
        double loss = 0;
        for (int from = 0; from < rows.length; from += micro) {
            int[] part = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + micro));
            try (NDManager scope = model.model().manager().newSubManager();
                 GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray scores;
                try (Autocast ignored = Autocast.bf16(mixedPrecision)) {
                    scores = model.labelScores(ps, prompts, part, true, scope); // (B, C)
                }
                int[] y = Arrays.stream(part).map(i -> labels[i]).toArray();
                NDArray l = Scalars.mul(Losses.crossEntropy(scores, y, null), (double) part.length / rows.length);
                gc.backward(l);
                loss += l.getFloat();
            }
        }
        if (guard.clipAndCheck(params, loss, optimizer.stepCount() + 1, lr)) {
            optimizer.step(params, lr);
        }
        return loss;
    }

    private static void remember(List<Parameter> params, Map<Parameter, NDArray> best) {
        for (Parameter p : params) {
            NDArray old = best.put(p, p.getArray().duplicate());
            if (old != null) {
                old.close();
            }
        }
    }

    private static int[] labels(ClozeClassifier model, Dataset data) {
        return IntStream.range(0, data.size()).map(i -> {
            String name = data.labelMap().name(data.label(i));
            if (!model.labels().contains(name)) {
                throw new Tune4jException(data.source() + ": label '" + name + "' is not one of " + model.labels().names());
            }
            return model.labels().id(name);
        }).toArray();
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
}
