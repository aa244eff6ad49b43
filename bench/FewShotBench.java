// Few-shot prompting on IMDB with bert-base-uncased: prompt-based fine-tuning (LM-BFF) at the defaults of
// `train --method prompt` (or variants), against head-based full fine-tuning at `train --method full`'s defaults
// on the same examples, per seed. Each seed samples K reviews (stratified) from the training pool; both methods
// split them as `train` does (stratified, --val-fraction 0.2).
// Run from the repository root after `mvn -q -B package -DskipTests`:
//   java -cp tune4j-cli/target/tune4j.jar bench/FewShotBench.java [--on dev|heldout] [--seeds 13,21,42]
//     [--shots 32] [--variants default,lr2e-5,e20,...|none] [--head true|false]
// The reviews are drawn as in PromptSweep: 1,000 held-out first (seed 1001; --on heldout evaluates on 500 of
// them, seed 1), then 300 development reviews from the rest (seed 7; --on dev evaluates on the first --dev of
// them); the few-shot examples come from what is left, so no review is ever in two of these sets.
import dev.tune4j.Classifier;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Imdb;
import dev.tune4j.data.Splits;
import dev.tune4j.engine.Offline;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.prompt.Calibration;
import dev.tune4j.prompt.ClozeClassifier;
import dev.tune4j.prompt.PromptTuning;
import dev.tune4j.prompt.Template;
import dev.tune4j.prompt.Verbalizer;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

public class FewShotBench {

    public static void main(String[] args) throws Exception {
        Offline.ensure();
        String on = arg(args, "--on", "dev");
        int shots = Integer.parseInt(arg(args, "--shots", "32"));
        long[] seeds = Arrays.stream(arg(args, "--seeds", "13,21,42").split(",")).mapToLong(Long::parseLong).toArray();
        String variantArg = arg(args, "--variants", "default");
        // "none" runs the head-based baseline alone (for a seed whose prompt-based run is already recorded).
        List<String> variants = variantArg.equals("none") ? List.of() : List.of(variantArg.split(","));
        boolean head = Boolean.parseBoolean(arg(args, "--head", "true"));
        Dataset all = Imdb.load(System.err::println);
        Dataset heldOut = Splits.stratifiedSample(all, 1000, 1001);
        Dataset rest = Splits.complement(all, heldOut);
        Dataset dev = Splits.stratifiedSample(rest, 300, 7);
        Dataset pool = Splits.complement(rest, dev);
        Dataset eval = on.equals("heldout") ? Splits.stratifiedSample(heldOut, 500, 1)
                : Splits.stratifiedSample(dev, Integer.parseInt(arg(args, "--dev", "200")), 1);
        Path bert = ModelHub.resolve("bert-base-uncased", System.err::println);
        Path work = Files.createTempDirectory("tune4j-fewshot-");
        TrainingListener log = new TrainingListener() {
            @Override
            public void log(String line) {
                System.err.println("  " + line);
            }

            @Override
            public void epochEnded(dev.tune4j.train.EpochMetrics m) {
                System.err.println("  " + m);
            }
        };
        List<String> rows = new ArrayList<>();
        for (long seed : seeds) {
            Dataset few = Splits.stratifiedSample(pool, shots, seed);
            for (String variant : variants) {
                TrainConfig config = variant(PromptTuning.defaults(TrainConfig.builder(new FullFineTuning()).model(bert.toString())
                        .seed(seed).cacheFeatures(false), Template.SENTIMENT), variant).build();
                long start = System.nanoTime();
                PromptTuning.Run run = PromptTuning.train(config, Template.SENTIMENT, Verbalizer.parse(Verbalizer.SENTIMENT), few,
                        work.resolve("prompt-" + variant + "-" + seed), log);
                double train = (System.nanoTime() - start) / 1e9;
                try (ClozeClassifier c = run.classifier()) {
                    double[] acc = accuracies(c, eval);
                    rows.add(String.format(Locale.ROOT, "| %d | prompt %s (best epoch %d, %.0f s) | %.1f%% | %.1f%% | %.1f%% |", seed,
                            variant, run.result().bestEpoch(), train, 100 * acc[0], 100 * acc[1], 100 * acc[2]));
                }
                System.err.println(rows.get(rows.size() - 1));
            }
            if (head) {
                TrainConfig config = TrainConfig.builder(new FullFineTuning()).model(bert.toString()).seed(seed)
                        .cacheFeatures(false).build();
                Classifier.Run run = Classifier.train(config, few, work.resolve("head-" + seed), log);
                try (Classifier c = run.classifier()) {
                    rows.add(String.format(Locale.ROOT, "| %d | head-based full FT (defaults) | %.1f%% | | |", seed,
                            100 * c.evaluate(eval).accuracy()));
                }
                System.err.println(rows.get(rows.size() - 1));
            }
        }
        System.out.println("evaluated on " + eval.size() + " " + on + " reviews; " + shots + " examples per seed\n");
        System.out.println("| seed | method | accuracy, uncalibrated | calibrated, content-free (3 inputs) | calibrated, batch |\n|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** Accuracy uncalibrated, content-free and batch calibrated, from one forward pass over {@code eval}. */
    static double[] accuracies(ClozeClassifier c, Dataset eval) {
        float[][] logq = c.wordLogProbs(c.prompts(eval.texts()));
        float[][] priors = {null, Calibration.meanProbabilities(c.wordLogProbs(c.prompts(Calibration.CONTENT_FREE))),
                Calibration.meanProbabilities(logq)};
        int negatives = c.words().get(0).size();
        double[] right = new double[3];
        for (int i = 0; i < logq.length; i++) {
            int gold = c.labels().id(eval.labelMap().name(eval.label(i)));
            for (int k = 0; k < 3; k++) {
                float[] row = logq[i].clone();
                if (priors[k] != null) {
                    Calibration.apply(row, priors[k]);
                }
                double neg = 0;
                double pos = 0;
                for (int w = 0; w < row.length; w++) {
                    if (w < negatives) {
                        neg += Math.exp(row[w]);
                    } else {
                        pos += Math.exp(row[w]);
                    }
                }
                right[k] += (pos > neg ? 1 : 0) == gold ? 1 : 0;
            }
        }
        return new double[] {right[0] / logq.length, right[1] / logq.length, right[2] / logq.length};
    }

    /** A variant's changes to the defaults: "default", or '+'-joined parts like e20, lr2e-5, b4, L128, w0.1. */
    static TrainConfig.Builder variant(TrainConfig.Builder b, String variant) {
        if (variant.equals("default")) {
            return b;
        }
        for (String part : variant.split("\\+")) {
            if (part.startsWith("lr")) {
                b.learningRate(Float.parseFloat(part.substring(2)));
            } else if (part.startsWith("e")) {
                b.epochs(Integer.parseInt(part.substring(1)));
            } else if (part.startsWith("b")) {
                b.batchSize(Integer.parseInt(part.substring(1)));
            } else if (part.startsWith("L")) {
                b.maxLength(Integer.parseInt(part.substring(1)));
            } else if (part.startsWith("w")) {
                b.warmupRatio(Float.parseFloat(part.substring(1)));
            } else {
                throw new IllegalArgumentException("unknown variant part " + part);
            }
        }
        return b;
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
