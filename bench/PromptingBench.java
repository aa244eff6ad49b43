// The acceptance measurements of MLM pretraining and prompting, on IMDB with bert-base-uncased.
// Run from the repository root after `mvn -q -B package -DskipTests` (see run-prompting.sh):
//   java -cp tune4j-cli/target/tune4j.jar bench/PromptingBench.java [--eval N] [--shots K] [--mlm-docs D]
//     [--max-length T] [--parts zero-shot,few-shot,mlm]
// Prints one table. Hours on a CPU; minutes on a GPU-less workstation only for tiny settings.
import dev.tune4j.Classifier;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Imdb;
import dev.tune4j.data.Splits;
import dev.tune4j.engine.Offline;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.mlm.MlmConfig;
import dev.tune4j.mlm.MlmModel;
import dev.tune4j.mlm.MlmTrainer;
import dev.tune4j.prompt.ClozeClassifier;
import dev.tune4j.prompt.PromptTuning;
import dev.tune4j.prompt.Template;
import dev.tune4j.prompt.Verbalizer;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public class PromptingBench {

    static final long EVAL_SEED = 1001;
    static final long[] FEW_SHOT_SEEDS = {13, 21, 42};

    public static void main(String[] args) throws Exception {
        Offline.ensure();
        int evalSize = intArg(args, "--eval", 1000);
        int shots = intArg(args, "--shots", 32);
        int mlmDocs = intArg(args, "--mlm-docs", 2000);
        int maxLength = intArg(args, "--max-length", 256);
        List<String> parts = List.of(stringArg(args, "--parts", "zero-shot,few-shot,mlm").split(","));
        Path work = Files.createTempDirectory("tune4j-bench-");
        TrainingListener log = new TrainingListener() {
            @Override
            public void log(String line) {
                System.err.println("  " + line);
            }
        };
        Dataset all = Imdb.load(System.err::println);
        // The evaluation reviews are drawn first and never used for anything else.
        Dataset eval = Splits.stratifiedSample(all, evalSize, EVAL_SEED);
        Dataset rest = Splits.complement(all, eval);
        Path bert = ModelHub.resolve("bert-base-uncased", System.err::println);
        List<String> rows = new ArrayList<>();

        if (parts.contains("zero-shot")) {
            zeroShot(bert, eval, maxLength, rows);
        }
        if (parts.contains("few-shot")) {
            fewShot(bert, eval, rest, shots, maxLength, work, log, rows);
        }
        if (parts.contains("mlm")) {
            continuedPretraining(bert, rest, mlmDocs, log, rows);
        }

        System.out.println("| experiment | evaluated on | accuracy (or loss) | macro-F1 / sd over seeds (or perplexity) |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println("\nfew-shot seeds " + java.util.Arrays.toString(FEW_SHOT_SEEDS) + ", evaluation sample seed "
                + EVAL_SEED + ", max length " + maxLength + ", template \"" + Template.SENTIMENT.pattern() + "\", verbalizer \"" + Verbalizer.SENTIMENT + "\"");
    }

    /** Zero-shot cloze, default template and verbalizer, with and without contextual calibration. */
    static void zeroShot(Path bert, Dataset eval, int maxLength, List<String> rows) throws Exception {
        try (ClozeClassifier cloze = ClozeClassifier.load(bert, List.of(Template.SENTIMENT), Verbalizer.parse(Verbalizer.SENTIMENT),
                Imdb.LABELS, maxLength, null)) {
            for (boolean calibrate : new boolean[] {false, true}) {
                ClassificationMetrics m = cloze.evaluate(eval, calibrate);
                rows.add(row("zero-shot cloze" + (calibrate ? " + calibration" : ""), eval.size() + " unseen", m.accuracy(), m.macroF1()));
                System.err.println(rows.get(rows.size() - 1));
            }
        }
    }

    /** The same K reviews (per seed) for prompt-based and head-based full fine-tuning. */
    static void fewShot(Path bert, Dataset eval, Dataset rest, int shots, int maxLength, Path work, TrainingListener log,
                        List<String> rows) throws Exception {
        double[][] acc = new double[2][FEW_SHOT_SEEDS.length];
        for (int s = 0; s < FEW_SHOT_SEEDS.length; s++) {
            long seed = FEW_SHOT_SEEDS[s];
            Dataset few = Splits.stratifiedSample(rest, shots, seed);
            TrainConfig config = TrainConfig.builder(new FullFineTuning()).model(bert.toString()).maxLength(maxLength)
                    .batchSize(8).epochs(10).learningRate(1e-5f).warmupRatio(0f).valFraction(0.25f).seed(seed)
                    .cacheFeatures(false).build();
            PromptTuning.Run prompt = PromptTuning.train(config, Template.SENTIMENT, Verbalizer.parse(Verbalizer.SENTIMENT),
                    few, work.resolve("prompt-" + seed), log);
            try (ClozeClassifier c = prompt.classifier()) {
                acc[0][s] = c.evaluate(eval, false).accuracy();
            }
            Classifier.Run head = Classifier.train(config, few, work.resolve("head-" + seed), log);
            try (Classifier c = head.classifier()) {
                acc[1][s] = c.evaluate(eval).accuracy();
            }
            System.err.printf(Locale.ROOT, "seed %d: prompt %.4f, head %.4f%n", seed, acc[0][s], acc[1][s]);
        }
        rows.add(row("few-shot prompt-based (LM-BFF), " + shots + " reviews", eval.size() + " unseen", mean(acc[0]), sd(acc[0])));
        rows.add(row("few-shot head-based (full FT), " + shots + " reviews", eval.size() + " unseen", mean(acc[1]), sd(acc[1])));
    }

    /** Continued (domain-adaptive) pretraining: held-out MLM loss on unseen reviews, before and after. */
    static void continuedPretraining(Path bert, Dataset rest, int docs, TrainingListener log, List<String> rows) throws Exception {
        Dataset text = Splits.stratifiedSample(rest, docs, 7);
        MlmConfig mlm = MlmConfig.DEFAULTS.withEpochs(1).withBatch(16, 0).withLearningRate(5e-5f)
                .withMasking(128, 0.15f, false).withSplit(0.1f, 42);
        try (MlmModel model = MlmModel.load(bert)) {
            MlmTrainer.Result r = new MlmTrainer(mlm, log).fit(model, text.texts());
            rows.add(String.format(Locale.ROOT, "| continued MLM pretraining, %d reviews, 1 epoch | %d held-out sequences | "
                    + "loss %.4f -> %.4f | perplexity %.2f -> %.2f |", docs, r.valSequences(), r.before().valLoss(),
                    r.last().valLoss(), r.before().valPerplexity(), r.last().valPerplexity()));
        }
    }

    static String row(String name, String on, double a, double b) {
        return String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f |", name, on, a, b);
    }

    static double mean(double[] x) {
        return java.util.Arrays.stream(x).average().orElse(Double.NaN);
    }

    static double sd(double[] x) {
        double m = mean(x);
        return Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / Math.max(1, x.length - 1));
    }

    static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
