package dev.tune4j;

import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.classify.ProblemType;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Split;
import dev.tune4j.data.Splits;
import dev.tune4j.engine.Fp32Matmul;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.eval.Metrics;
import dev.tune4j.eval.MultiLabelMetrics;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.train.ClassifierTrainer;
import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.FeatureCache;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainResult;
import dev.tune4j.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The library's front door for text classification: train a run, load a trained model, predict,
 * evaluate. The CLI's {@code train}, {@code evaluate} and {@code predict} are thin layers over this.
 *
 * <p>A run directory holds {@code model/} (Hugging Face layout), {@code metrics.json} (per-epoch
 * numbers and the best epoch's validation metrics), {@code run.json} (provenance) and
 * {@code checkpoint/} (what {@link #resume} needs).
 */
public final class Classifier implements AutoCloseable {

    public static final String VERSION = "0.1.0";
    /** Row ids (positions in the data source) of the training and validation examples of a run. */
    public static final String SPLIT_FILE = "split.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    /**
     * One prediction.
     *
     * @param label the most probable label
     * @param labels the predicted labels, most probable first: {@code label} alone for a single-label model,
     *     every label at or over the threshold (possibly none) for a multi-label one
     * @param probabilities every label's probability, in label order
     */
    public record Prediction(String label, List<String> labels, Map<String, Double> probabilities) {

        public Prediction {
            labels = List.copyOf(labels);
            probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        }
    }

    /** A finished training run; {@code validation} is multi-label metrics when the data was. */
    public record Run(Path dir, TrainResult result, Metrics validation, Split split, Classifier classifier) {}

    private final ClassifierModel model;

    private Classifier(ClassifierModel model) {
        this.model = model;
    }

    /** Splits {@code data} (stratified, seeded), trains, keeps the best epoch and writes the run directory. */
    public static Run train(TrainConfig config, Dataset data, Path runDir, TrainingListener listener) {
        return run(config, data, runDir, listener, false, null);
    }

    /**
     * As {@link #train}, for a frozen-backbone technique whose features were computed elsewhere (for instance on
     * the executors of a cluster, see {@link dev.tune4j.train.FrozenFeatures}): {@code features} holds them by
     * {@link FeatureCache#key}, in the precision {@link TrainConfig#precision} resolves to here. The run directory
     * is the same as a local run's.
     */
    public static Run train(TrainConfig config, Dataset data, Path runDir, TrainingListener listener, FeatureCache features) {
        if (!config.technique().featuresOnce()) {
            throw new Tune4jException("precomputed features need a technique that computes them once "
                    + "(feature-extraction without --backbone-dropout), not " + config.technique().toJson());
        }
        return run(config, data, runDir, listener, false, features);
    }

    /** Continues the run in {@code runDir} from its last completed epoch, with the configuration it started with. */
    public static Run resume(Path runDir, Dataset data, TrainingListener listener) {
        JsonObject run = readJson(runDir.resolve("run.json"));
        TrainConfig config = TrainConfig.fromJson(run.getAsJsonObject("config"));
        String expected = run.getAsJsonObject("data").get("sha256").getAsString();
        String actual = dataSha256(data);
        if (!expected.equals(actual)) {
            throw new Tune4jException(runDir.resolve("run.json") + ": the run trained on data with SHA-256 "
                    + expected + " but the given data has " + actual + "; resume with the same --data");
        }
        return run(config, data, runDir, listener, true, null);
    }

    private static Run run(TrainConfig config, Dataset data, Path runDir, TrainingListener listener, boolean resume,
                           FeatureCache features) {
        // One writer per run directory: a second train or --resume on it fails at once instead of
        // interleaving checkpoints. The OS drops the lock when the process dies, kill -9 included.
        try (FileLocks.Held lock = FileLocks.tryLock(runDir.resolve(".lock"), "run directory " + runDir,
                "wait for it to finish or choose another --out")) {
            return runLocked(config, data, runDir, listener, resume, features);
        }
    }

    private static Run runLocked(TrainConfig config, Dataset data, Path runDir, TrainingListener listener, boolean resume,
                                 FeatureCache features) {
        Split split = Splits.stratified(data, config.valFraction(), config.seed());
        listener.log(String.format("data: %s, %d examples -> %d train / %d validation (stratified, seed %d)",
                data.source(), data.size(), split.train().size(), split.val().size(), config.seed()));
        Path base = ModelHub.resolve(config.model(), listener::log);
        long start = System.nanoTime();
        HeadConfig head = config.head(data.labelMap().size()).withProblem(ProblemType.of(data));
        ClassifierModel model = ClassifierModel.fromPretrained(base, head, config.technique().additions(),
                data.labelMap(), config.maxLength(), config.truncation(), config.seed());
        try {
            JsonObject provenance = provenance(config, data, split, model);
            if (!resume) {
                writeJson(runDir.resolve("run.json"), provenance);
                writeJson(runDir.resolve(SPLIT_FILE), splitJson(split));
            }
            TrainResult result = new ClassifierTrainer(config, listener, features).fit(model, split.train(), split.val(), runDir, resume);
            Metrics validation = metrics(split.val().labels(), result.validation().probs(), data.labelMap().names(),
                    data.multiLabel());
            save(model, config, runDir.resolve("model"));
            writeJson(runDir.resolve("metrics.json"), metricsJson(result, validation));
            provenance.addProperty("status", "complete");
            provenance.addProperty("finished", Instant.now().toString());
            provenance.addProperty("train_seconds", (System.nanoTime() - start) / 1e9);
            // The config says what was asked (auto); this says what this host ran.
            provenance.addProperty("dtype_used", result.precision().name().toLowerCase(Locale.ROOT));
            writeJson(runDir.resolve("run.json"), provenance);
            return new Run(runDir, result, validation, split, new Classifier(model));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Full techniques save every weight. Adapter techniques save only what trained, with the base model's
     * name and SHA-256, unless {@link TrainConfig#merge()} asks for a standalone model (LoRA folded in).
     */
    private static void save(ClassifierModel model, TrainConfig config, Path dir) {
        if (config.technique().additions().isNone()) {
            model.save(dir, config.model());
        } else if (config.merge()) {
            model.merge();
            model.save(dir, config.model());
        } else {
            model.saveAdapters(dir, config.model(), config.technique()::trains);
        }
    }

    /**
     * Writes a standalone model to {@code out} from any trained model directory: LoRA is folded into the
     * base weights (no extra cost at prediction), Houlsby adapters are kept as modules with every weight.
     */
    public static void merge(Path modelDir, Path out) {
        try (ClassifierModel model = ClassifierModel.load(modelDir)) {
            model.merge();
            model.save(out, model.baseModel());
        }
    }

    /** Loads {@code runs/NAME/model}: a full or an adapter-only directory, or a Hugging Face classifier. */
    public static Classifier load(Path modelDir) {
        return new Classifier(ClassifierModel.load(modelDir));
    }

    public ClassifierModel model() {
        return model;
    }

    public List<String> labels() {
        return model.labels().names();
    }

    public float[][] predictProba(List<String> texts) {
        return model.predictProba(texts);
    }

    /** The tokenizer behind {@link #encode}; thread-safe. */
    public BertTokenizer tokenizer() {
        return model.tokenizer();
    }

    /** The most tokens of a text the model reads, [CLS] and [SEP] included (its training {@code --max-length}). */
    public int maxLength() {
        return model.tokenizerOptions().maxLength();
    }

    /**
     * Tokenizes as this model was trained to; with {@code truncate} false a text keeps every token, so that
     * a caller can refuse one longer than {@link #maxLength()} instead of cutting it. Thread-safe.
     */
    public List<Encoding> encode(List<String> texts, boolean truncate) {
        return model.tokenizer().encodeAll(texts, truncate);
    }

    /**
     * Scores (encodings × labels) of texts that {@link #encode} tokenized: probabilities, or with {@code raw} the
     * logits. The batch entry point of a server that tokenizes before queueing; one caller at a time.
     */
    public float[][] scores(List<Encoding> encodings, boolean raw) {
        return model.scores(encodings, raw, ClassifierModel.PREDICT_BATCH, done -> { });
    }

    /** Whether the model predicts any subset of its labels (a sigmoid each) rather than one (a softmax). */
    public boolean multiLabel() {
        return model.head().problem() == ProblemType.MULTI_LABEL;
    }

    /** Predictions; a multi-label model predicts the labels at or over {@link MultiLabelMetrics#DEFAULT_THRESHOLD}. */
    public List<Prediction> predict(List<String> texts) {
        return predict(texts, MultiLabelMetrics.DEFAULT_THRESHOLD);
    }

    /** Predictions; a multi-label model predicts the labels whose probability is at least {@code threshold}. */
    public List<Prediction> predict(List<String> texts, float threshold) {
        requireThreshold(threshold);
        return Arrays.stream(model.predictProba(texts)).map(p -> prediction(p, threshold)).toList();
    }

    /**
     * Probabilities (texts × labels) in length-sorted batches of at most {@code batchSize} texts, each cut to
     * {@code maxLength} tokens (0: the length the model was trained with).
     */
    public float[][] predictProba(List<String> texts, int batchSize, int maxLength) {
        return model.predictProba(texts, batchSize, maxLength, done -> { });
    }

    /**
     * The prediction that {@code probabilities} (one text's, in label order) make: the most probable label, and
     * for a multi-label model every label at or over {@code threshold}, most probable first.
     */
    public Prediction prediction(float[] probabilities, float threshold) {
        requireThreshold(threshold);
        List<String> names = labels();
        Map<String, Double> byLabel = new LinkedHashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            byLabel.put(names.get(c), (double) probabilities[c]);
            order.add(c);
        }
        // Stable, so a tie goes to the lower index, as argmax does.
        order.sort(Comparator.comparingDouble((Integer c) -> probabilities[c]).reversed());
        List<String> predicted = multiLabel()
                ? order.stream().filter(c -> probabilities[c] >= threshold).map(names::get).toList()
                : List.of(names.get(order.get(0)));
        return new Prediction(names.get(order.get(0)), predicted, byLabel);
    }

    /** Metrics of a single-label model on labelled data; its labels must be ones the model knows. */
    public ClassificationMetrics evaluate(Dataset data) {
        return evaluate(data, TrainingListener.SILENT);
    }

    /** As {@link #evaluate(Dataset)}, reporting progress as a "predict" phase. */
    public ClassificationMetrics evaluate(Dataset data, TrainingListener listener) {
        if (multiLabel()) {
            throw new Tune4jException("this classifier is multi-label, so accuracy, the confusion matrix and ROC-AUC "
                    + "do not apply; use evaluateMultiLabel");
        }
        List<int[]> gold = goldIds(data);
        return ClassificationMetrics.compute(gold.stream().mapToInt(l -> l[0]).toArray(), probabilities(data, listener),
                labels());
    }

    /**
     * Metrics of a multi-label model on labelled data (subset accuracy, micro and macro F1, per-label scores),
     * a label predicted when its probability is at least {@code threshold}.
     */
    public MultiLabelMetrics evaluateMultiLabel(Dataset data, float threshold, TrainingListener listener) {
        requireThreshold(threshold);
        if (!multiLabel()) {
            throw new Tune4jException("this classifier is single-label; use evaluate");
        }
        return MultiLabelMetrics.compute(goldIds(data), probabilities(data, listener), labels(), threshold);
    }

    /** Each example's label ids in the model's label order; every label must be one the model knows. */
    private List<int[]> goldIds(Dataset data) {
        List<String> known = labels();
        List<int[]> gold = new ArrayList<>(data.size());
        for (int[] row : data.labels()) {
            int[] ids = new int[row.length];
            for (int k = 0; k < row.length; k++) {
                String name = data.labelMap().name(row[k]);
                ids[k] = known.indexOf(name);
                if (ids[k] < 0) {
                    throw new Tune4jException(data.source() + ": label '" + name + "' is not one the model knows " + known);
                }
            }
            gold.add(ids);
        }
        return gold;
    }

    private float[][] probabilities(Dataset data, TrainingListener listener) {
        listener.phaseStarted("predict", data.size(), "texts");
        float[][] probs = model.predictProba(data.texts(), done -> listener.progress(done, Double.NaN));
        listener.phaseEnded();
        return probs;
    }

    private static Metrics metrics(List<int[]> gold, float[][] probs, List<String> names, boolean multiLabel) {
        if (multiLabel) {
            return MultiLabelMetrics.compute(gold, probs, names, MultiLabelMetrics.DEFAULT_THRESHOLD);
        }
        return ClassificationMetrics.compute(gold.stream().mapToInt(l -> l[0]).toArray(), probs, names);
    }

    private static void requireThreshold(float threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    private static JsonObject provenance(TrainConfig config, Dataset data, Split split, ClassifierModel model) {
        JsonObject o = new JsonObject();
        o.addProperty("tune4j", VERSION);
        o.addProperty("status", "running");
        o.addProperty("started", Instant.now().toString());
        o.add("config", config.toJson());
        JsonObject d = new JsonObject();
        d.addProperty("source", data.source());
        d.addProperty("sha256", dataSha256(data));
        d.addProperty("examples", data.size());
        d.addProperty("train", split.train().size());
        d.addProperty("validation", split.val().size());
        d.addProperty("multi_label", data.multiLabel());
        d.add("labels", new Gson().toJsonTree(data.labelMap().names()));
        o.add("data", d);
        JsonObject m = new JsonObject();
        m.addProperty("name", config.model());
        m.addProperty("weights_sha256", model.sourceSha256());
        o.add("model", m);
        JsonObject env = new JsonObject();
        env.addProperty("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        env.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.addProperty("djl", Engine.getDjlVersion());
        env.addProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        env.addProperty("fp32_matmul", Fp32Matmul.backend());
        env.addProperty("cores", Runtime.getRuntime().availableProcessors());
        o.add("environment", env);
        return o;
    }

    private static JsonObject splitJson(Split split) {
        JsonObject o = new JsonObject();
        o.add("train_rows", new Gson().toJsonTree(split.train().rowIds()));
        o.add("validation_rows", new Gson().toJsonTree(split.val().rowIds()));
        return o;
    }

    /**
     * The part of {@code data} that a run used for {@code part} ("train" or "validation"), or, for
     * "unseen", every row it never trained or validated on: held-out data for an honest accuracy.
     */
    public static Dataset splitOf(Path runDir, Dataset data, String part) {
        JsonObject o = readJson(runDir.resolve(SPLIT_FILE));
        java.util.Set<Integer> rows = new java.util.HashSet<>();
        for (String key : part.equals("unseen") ? List.of("train_rows", "validation_rows") : List.of(part + "_rows")) {
            if (!o.has(key)) {
                throw new Tune4jException(runDir.resolve(SPLIT_FILE) + ": no " + key);
            }
            o.getAsJsonArray(key).forEach(e -> rows.add(e.getAsInt()));
        }
        boolean keep = !part.equals("unseen");
        int[] indices = IntStream.range(0, data.size()).filter(i -> rows.contains(data.rowId(i)) == keep).toArray();
        return data.subset(indices);
    }

    /**
     * A fingerprint of the examples themselves (texts and labels in order), whatever file they came from.
     * Several labels are joined with '|', so single-label data hashes as it always did.
     */
    static String dataSha256(Dataset data) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            String labels = Arrays.stream(data.labels().get(i)).mapToObj(data.labelMap()::name)
                    .collect(Collectors.joining("|"));
            sb.append(data.rowId(i)).append('\t').append(labels).append('\t').append(data.text(i)).append('\n');
        }
        return Sha256.ofString(sb.toString());
    }

    private static JsonObject metricsJson(TrainResult result, Metrics validation) {
        JsonObject o = new JsonObject();
        JsonArray epochs = new JsonArray();
        for (EpochMetrics m : result.epochs()) {
            epochs.add(GSON.toJsonTree(m));
        }
        o.add("epochs", epochs);
        o.addProperty("best_epoch", result.bestEpoch());
        o.addProperty("trainable_parameters", result.trainableParameters());
        o.addProperty("total_parameters", result.totalParameters());
        o.add("validation", validation.toJson());
        return o;
    }

    static JsonObject readJson(Path file) {
        try {
            return JsonFiles.asObject(file, JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new Tune4jException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static void writeJson(Path file, JsonObject json) {
        try {
            AtomicFiles.writeString(file, GSON.toJson(json) + "\n");
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
