package dev.tune4j.cli;

import com.google.gson.JsonObject;
import dev.tune4j.Classifier;
import dev.tune4j.Tune4jException;
import dev.tune4j.adapt.Adapters;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.adapt.Lora;
import dev.tune4j.adapt.Technique;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.data.Dataset;
import dev.tune4j.engine.Precision;
import dev.tune4j.infer.Pooling;
import dev.tune4j.prompt.PromptTuning;
import dev.tune4j.prompt.Verbalizer;
import dev.tune4j.tokenize.Truncation;
import dev.tune4j.train.Metric;
import dev.tune4j.train.Recipe;
import dev.tune4j.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a classifier and write runs/NAME/ (model, metrics, report).",
                "Technique defaults apply unless overridden; --recipe seed reproduces the reference tutorial."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataMixin data;

    @Option(names = "--multi-label", description = "Each example may carry several labels (a JSON array, or a text cell split on --label-separator): a sigmoid per label and binary cross-entropy instead of a softmax.")
    boolean multiLabel;

    @Option(names = {"-m", "--model"}, defaultValue = "bert-base-uncased", description = "Pretrained model: catalogue name or directory (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--method", description = "feature-extraction (frozen backbone, cached features; the default), full (every layer trains), adapter (bottleneck adapters), lora, or prompt (LM-BFF: train the MLM head on --verbalizer words).")
    String method;

    @Option(names = "--adapter-size", description = "adapter: bottleneck width m (default: 64).") Integer adapterSize;
    @Option(names = "--adapter-placement", paramLabel = "WHERE",
            description = "adapter: ffn (one per layer, after the feed-forward; the default) or both (also after attention, as Houlsby et al.: twice the parameters, a longer step).")
    String adapterPlacement;
    @Option(names = "--train-layernorm", description = "adapter: also train the LayerNorms.") boolean trainLayerNorm;
    @Option(names = "--lora-rank", description = "lora: rank r (default: 8).") Integer loraRank;
    @Option(names = "--lora-alpha", description = "lora: alpha; updates scale by alpha/r (default: 16).") Float loraAlpha;
    @Option(names = "--lora-dropout", description = "lora: dropout on the LoRA branch (default: 0.1).") Float loraDropout;
    @Option(names = "--lora-targets", split = ",", paramLabel = "LAYER",
            description = "lora: layers to wrap, from query, key, value, attention.output, intermediate, output (default: query,value).")
    List<String> loraTargets;
    @Option(names = "--merge", description = "adapter/lora: save a full standalone model (LoRA folded into the weights) instead of adapter-only weights.")
    boolean merge;

    @Option(names = "--recipe", description = "'seed': the reference tutorial. BERT frozen, MLP head on [CLS], fp32, max length 250 (head), batch 32, AdamW 1e-5 constant, 5 epochs, best validation loss. Another --method keeps the rest.")
    String recipe;
    @Option(names = "--backbone-dropout", description = "feature-extraction: run the frozen backbone with its dropout on every training batch, as the tutorial does, instead of computing each text's features once (5 backbone passes per text for 5 epochs).")
    boolean backboneDropout;

    @Option(names = "--out", description = "Run directory (default: runs/<method>-<data>).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last completed epoch.")
    Path resume;

    @Option(names = "--epochs") Integer epochs;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--micro-batch-size", description = "Examples per forward/backward pass; gradients accumulate to --batch-size (default: fit in memory).") Integer microBatch;
    @Option(names = "--lr") Float lr;
    @Option(names = "--weight-decay") Float weightDecay;
    @Option(names = "--warmup-ratio") Float warmupRatio;
    @Option(names = "--clip-norm", description = "Global gradient-norm clip, 0 for none.") Float clipNorm;
    @Option(names = "--max-length") Integer maxLength;
    @Option(names = "--truncation", converter = TruncationConverter.class, description = "What a text longer than --max-length keeps: head, tail or head+tail (a quarter from the start, "
            + "the rest from the end; default head+tail, --recipe seed: head).") Truncation truncation;
    @Option(names = "--head", description = "mlp, linear, or hf (the family's own Hugging Face head: RoBERTa's, DistilBERT's, ELECTRA's; use with --pooling cls).") HeadConfig.Kind head;
    @Option(names = "--pooling", description = "cls, mean or pooler.") Pooling pooling;
    @Option(names = "--seed") Long seed;
    @Option(names = "--val-fraction") Float valFraction;
    @Option(names = "--no-bucket", description = "Do not group batches by length.") boolean noBucket;
    @Option(names = "--metric", description = "Best epoch by val-loss, accuracy, macro-f1 or micro-f1 (multi-label: subset accuracy, F1 of labels at p >= 0.5).") String metric;
    @Option(names = "--patience", description = "Stop after N epochs without improvement (0: never).") Integer patience;
    @Option(names = "--class-weights", description = "'auto' weights the loss by inverse class frequency; with --multi-label, each label's positives by its negatives/positives (pos_weight).") String classWeights;
    @Option(names = "--no-feature-cache", description = "Do not keep frozen-backbone features on disk.") boolean noFeatureCache;
    // Not DtypeOption: that one sets inference compute and defaults to fp32; this one has a per-method default.
    @Option(names = "--dtype", paramLabel = "fp32|bf16|auto",
            description = "fp32, bf16 (AVX512-BF16/AMX CPUs) or auto = bf16 where the CPU supports it. feature-extraction: "
                    + "the frozen features (cached apart; default: auto, fp32 with --recipe seed). full, adapter, lora, prompt: bf16 mixed precision, "
                    + "every Linear layer of training multiplies in bf16 while weights and optimizer stay fp32 (default: fp32).")
    Precision dtype;
    @Option(names = "--template", description = "With --method prompt: the cloze template (default: \"{text} In summary, the movie was [MASK].\").") String template;
    @Option(names = "--verbalizer", description = "With --method prompt: LABEL=word[,word…];… (default: \"" + Verbalizer.SENTIMENT + "\"). "
            + "With --method prompt the defaults are --epochs " + PromptTuning.EPOCHS + " --batch-size " + PromptTuning.BATCH_SIZE
            + " --lr " + PromptTuning.LEARNING_RATE + " --warmup-ratio " + PromptTuning.WARMUP_RATIO + " --max-length "
            + PromptTuning.MAX_LENGTH + ", the text cut next to [MASK].") String verbalizer;

    @Override
    public Integer call() throws Exception {
        if ("prompt".equalsIgnoreCase(method)) {
            if (multiLabel) {
                throw new Tune4jException(
                        "--multi-label does not apply to --method prompt, which picks one verbalizer word per text");
            }
            return PromptTrain.run(this);
        }
        // A resumed run reads its data as it first did.
        boolean multi = resume != null ? multiLabelOf(resume) : multiLabel;
        ProgressBar progress = new ProgressBar(System.err, multi);
        Classifier.Run run;
        if (resume != null) {
            Dataset all = data.load(null, multi);
            try (InterruptNotice notice = new InterruptNotice(resume, System.err)) {
                run = Classifier.resume(resume, data.limited(all, seedOf(resume)), progress);
            }
        } else {
            TrainConfig config = config();
            Path dir = out != null ? out : Path.of("runs", config.technique().cliName() + "-" + safeName(data.data));
            if (Files.isDirectory(dir.resolve("model"))) {
                throw new Tune4jException(dir + " already holds a trained model; choose another --out or delete it");
            }
            Dataset all = data.load(null, multi);
            try (InterruptNotice notice = new InterruptNotice(dir, System.err)) {
                run = Classifier.train(config, data.limited(all, config.seed()), dir, progress);
            }
        }
        try (Classifier classifier = run.classifier()) {
            Path report = RunReport.write(run);
            System.out.println(RunReport.summary(run, report));
        }
        return 0;
    }

    TrainConfig config() {
        boolean seedRecipe = recipe != null && Recipe.fromCliName(recipe) == Recipe.SEED;
        Technique technique = technique(method != null ? Technique.fromCliName(method) : new FeatureExtraction());
        TrainConfig.Builder b = seedRecipe ? TrainConfig.seedRecipe(technique) : TrainConfig.builder(technique);
        b.model(model);
        if (epochs != null) b.epochs(epochs);
        if (batchSize != null) b.batchSize(batchSize);
        if (microBatch != null) b.microBatchSize(microBatch);
        if (lr != null) b.learningRate(lr);
        if (weightDecay != null) b.weightDecay(weightDecay);
        if (warmupRatio != null) b.warmupRatio(warmupRatio);
        if (clipNorm != null) b.clipNorm(clipNorm);
        if (maxLength != null) b.maxLength(maxLength);
        if (truncation != null) b.truncation(truncation);
        if (head != null) b.headKind(head);
        if (pooling != null) b.pooling(pooling);
        if (seed != null) b.seed(seed);
        if (valFraction != null) b.valFraction(valFraction);
        if (patience != null) b.patience(patience);
        if (metric != null) b.metric(Metric.valueOf(metric.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
        if (classWeights != null) b.classWeights(classWeights.equalsIgnoreCase("auto"));
        if (dtype != null) b.dtype(dtype);
        b.bucket(!noBucket).cacheFeatures(!noFeatureCache).merge(merge);
        return b.build();
    }

    /** The method's defaults with the adapter and LoRA options applied; those options fit no other method. */
    private Technique technique(Technique defaults) {
        boolean adapterOptions = adapterSize != null || adapterPlacement != null || trainLayerNorm;
        boolean loraOptions = loraRank != null || loraAlpha != null || loraDropout != null || loraTargets != null;
        if (adapterOptions && !(defaults instanceof Adapters)) {
            throw new Tune4jException("--adapter-size, --adapter-placement and --train-layernorm apply to --method adapter, not "
                    + defaults.cliName());
        }
        if (loraOptions && !(defaults instanceof Lora)) {
            throw new Tune4jException("--lora-* options apply to --method lora, not " + defaults.cliName());
        }
        if (backboneDropout && !(defaults instanceof FeatureExtraction)) {
            throw new Tune4jException("--backbone-dropout applies to --method feature-extraction, whose backbone is frozen; "
                    + defaults.cliName() + " trains the backbone with its dropout on anyway");
        }
        if (backboneDropout) {
            return new FeatureExtraction(true);
        }
        if (merge && defaults.additions().isNone()) {
            throw new Tune4jException("--merge applies to --method adapter or lora; " + defaults.cliName()
                    + " always saves a full model");
        }
        if (defaults instanceof Adapters a) {
            return new Adapters(new AdapterConfig(adapterSize != null ? adapterSize : a.config().size(),
                    adapterPlacement != null ? AdapterPlacement.fromCliName(adapterPlacement) : a.config().placement()),
                    trainLayerNorm);
        }
        if (defaults instanceof Lora l) {
            LoraConfig d = l.config();
            Set<LoraTarget> targets = d.targets();
            if (loraTargets != null) {
                targets = EnumSet.noneOf(LoraTarget.class);
                for (String t : loraTargets) {
                    targets.add(LoraTarget.fromCliName(t));
                }
            }
            return new Lora(new LoraConfig(loraRank != null ? loraRank : d.rank(), loraAlpha != null ? loraAlpha : d.alpha(),
                    loraDropout != null ? loraDropout : d.dropout(), targets));
        }
        return defaults;
    }

    private static long seedOf(Path runDir) {
        return RunReport.runJson(runDir).getAsJsonObject("config").get("seed").getAsLong();
    }

    private static boolean multiLabelOf(Path runDir) {
        JsonObject data = RunReport.runJson(runDir).getAsJsonObject("data");
        return data.has("multi_label") && data.get("multi_label").getAsBoolean();
    }

    static String safeName(String data) {
        String name = Path.of(data).getFileName().toString().replaceAll("\\.[A-Za-z0-9]+$", "");
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
