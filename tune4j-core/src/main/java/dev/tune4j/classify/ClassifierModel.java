package dev.tune4j.classify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.AtomicFiles;
import dev.tune4j.FileTrees;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.DType;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.data.LabelMap;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Pooling;
import dev.tune4j.model.BertModel;
import dev.tune4j.model.LoraDense;
import dev.tune4j.model.ParameterNames;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.tokenize.LengthBatches;
import dev.tune4j.tokenize.Padding;
import dev.tune4j.tokenize.TokenizerOptions;
import dev.tune4j.tokenize.Truncation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A sequence classifier in memory: BERT (with any adapter or LoRA modules), head, tokenizer, labels and
 * the NDManager owning the weights. Created from a pretrained backbone (head and added modules new) or
 * loaded from a directory that {@link #save} or {@link #saveAdapters} wrote.
 */
public final class ClassifierModel implements AutoCloseable {

    /** Texts per forward at prediction: enough rows for efficient products, little padding after length sorting. */
    public static final int PREDICT_BATCH = 32;

    private final BertConfig config;
    private final HeadConfig head;
    private final Additions additions;
    private final LabelMap labels;
    private final TokenizerOptions tokenizerOptions;
    private final BertTokenizer tokenizer;
    /** Tokenizers for other maximum lengths than the trained one, made on first use (see {@link #encode(List, int)}). */
    private final Map<Integer, BertTokenizer> otherLengths = new java.util.concurrent.ConcurrentHashMap<>();
    private final NDManager manager;
    private final SequenceClassifier block;
    private final Path sourceDir;
    private final String sourceSha256;
    private final String baseModel;

    private ClassifierModel(BertConfig config, HeadConfig head, Additions additions, LabelMap labels,
                            TokenizerOptions tokenizerOptions, NDManager manager, SequenceClassifier block, Path sourceDir,
                            String sourceSha256, String baseModel) {
        this.config = config;
        this.head = head;
        this.additions = additions;
        this.labels = labels;
        this.tokenizerOptions = tokenizerOptions;
        this.tokenizer = BertTokenizer.fromDirectory(sourceDir, tokenizerOptions);
        this.manager = manager;
        this.block = block;
        this.sourceDir = sourceDir;
        this.sourceSha256 = sourceSha256;
        this.baseModel = baseModel;
    }

    /** A new head on a pretrained backbone; {@code seed} fixes the head's initial weights. */
    public static ClassifierModel fromPretrained(Path pretrainedDir, HeadConfig head, LabelMap labels,
                                                 int maxLength, Truncation truncation, long seed) {
        return fromPretrained(pretrainedDir, head, Additions.NONE, labels, maxLength, truncation, seed);
    }

    /**
     * A new head, and new adapter or LoRA modules, on a pretrained backbone. {@code seed} fixes their
     * initial weights; the head's depend on the seed alone, whatever the additions.
     */
    public static ClassifierModel fromPretrained(Path pretrainedDir, HeadConfig head, Additions additions, LabelMap labels,
                                                 int maxLength, Truncation truncation, long seed) {
        if (head.numLabels() != labels.size()) {
            throw new IllegalArgumentException("head has " + head.numLabels() + " outputs for " + labels.size() + " labels");
        }
        BertConfig config = BertConfig.read(pretrainedDir.resolve("config.json"));
        requireLength(config, maxLength);
        // A pretrained checkpoint has no head and no added modules (new, as expected).
        WeightLoader.Expectations expect = new WeightLoader.Expectations("",
                key -> key.startsWith("classifier.") || ParameterNames.isAdded(key), unusedPretrained(head));
        Engine.getInstance().setRandomSeed((int) seed);
        return build(pretrainedDir, ModelHub.weightsSha256(pretrainedDir), new SavedConfig(config, head, additions, labels,
                new TokenizerOptions(maxLength, truncation, Padding.NONE), new JsonObject()), backbone(pretrainedDir, config), expect);
    }

    /**
     * Loads a directory written by {@link #save} or {@link #saveAdapters}, or a Hugging Face
     * BertForSequenceClassification directory. Adapter-only directories load their base model by name and
     * refuse one whose weights differ from those the adapters were trained on.
     */
    public static ClassifierModel load(Path dir) {
        if (Files.isDirectory(dir) && AdapterCheckpoint.isIn(dir)) {
            SavedConfig saved = SavedConfig.read(dir.resolve("config.json"));
            String baseSha = saved.tune4j().has("base_sha256") ? saved.tune4j().get("base_sha256").getAsString() : "";
            if (!saved.tune4j().has("base_model") || baseSha.isEmpty()) {
                throw new Tune4jException(dir.resolve("config.json") + ": an adapter-only checkpoint must name its "
                        + "base model (tune4j.base_model and tune4j.base_sha256)");
            }
            Path base = AdapterCheckpoint.base(dir, saved.tune4j().get("base_model").getAsString(), baseSha);
            Map<String, HostTensor> tensors = new LinkedHashMap<>(backbone(base, saved.config()));
            String adapterSha = saved.tune4j().has("adapter_sha256") ? saved.tune4j().get("adapter_sha256").getAsString() : null;
            tensors.putAll(saved.config().family().toBlockNames(AdapterCheckpoint.read(dir, adapterSha)));
            WeightLoader.Expectations expect = new WeightLoader.Expectations("", key -> false, unusedPretrained(saved.head()));
            return build(dir, baseSha, saved, tensors, expect);
        }
        Path resolved = ModelHub.resolve(dir.toString(), line -> {});
        SavedConfig saved = SavedConfig.read(resolved.resolve("config.json"));
        Map<String, HostTensor> tensors = saved.config().family().toBlockNames(
                Safetensors.read(resolved.resolve("model.safetensors")).tensors());
        WeightLoader.Expectations expect = new WeightLoader.Expectations("", key -> false,
                key -> key.endsWith("position_ids") || (saved.head().pooling() != Pooling.POOLER && key.contains("pooler.")));
        return build(resolved, ModelHub.weightsSha256(resolved), saved, tensors, expect);
    }

    private static ClassifierModel build(Path dir, String sha256, SavedConfig saved, Map<String, HostTensor> tensors,
                                         WeightLoader.Expectations expect) {
        NDManager manager = Torch.newManager();
        try {
            SequenceClassifier block = new SequenceClassifier(saved.config(), saved.head(), saved.additions());
            WeightLoader.load(block, tensors, manager, expect, dir.toString());
            // The head first: its initial weights then depend on the seed alone, not on the added modules.
            block.head().initialize(manager, DataType.FLOAT32, new Shape(1, saved.config().hiddenSize()));
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
            String base = saved.tune4j().has("base_model") ? saved.tune4j().get("base_model").getAsString() : dir.toString();
            return new ClassifierModel(saved.config(), saved.head(), saved.additions(), saved.labels(), saved.options(),
                    manager, block, dir, sha256, base);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The weights of a pretrained directory by block name, the backbone "bert.…" whether or not the checkpoint wraps it. */
    private static Map<String, HostTensor> backbone(Path pretrainedDir, BertConfig config) {
        return config.family().toBlockNames(Safetensors.read(pretrainedDir.resolve("model.safetensors")).tensors());
    }

    /**
     * Pretrained keys a classifier ignores: pretraining heads (BERT's {@code cls.}, ELECTRA's
     * {@code discriminator_predictions.}: anything outside the backbone and the classifier), and the pooler unless
     * the head reads it.
     */
    private static Predicate<String> unusedPretrained(HeadConfig head) {
        boolean pooler = head.pooling() == Pooling.POOLER;
        return key -> key.startsWith("cls.") || key.endsWith("position_ids") || (!pooler && key.contains("pooler."))
                || !(key.startsWith("bert.") || key.startsWith("classifier."));
    }

    private static void requireLength(BertConfig config, int maxLength) {
        if (maxLength > config.maxTokens()) {
            throw new IllegalArgumentException("max length " + maxLength + " exceeds the model's "
                    + config.maxTokens() + " positions");
        }
    }

    public BertConfig config() {
        return config;
    }

    /**
     * Runs the backbone's inference forwards in {@code requested} (see {@link BertModel#runIn}); returns
     * what it runs in. Adapters and unmerged LoRA run in fp32. Training forwards are always fp32.
     */
    public Precision runIn(Precision requested, Consumer<String> warn) {
        return block.bert().runIn(requested, warn);
    }

    public HeadConfig head() {
        return head;
    }

    /** The adapter or LoRA modules in the backbone; {@link Additions#NONE} for a plain model. */
    public Additions additions() {
        return additions;
    }

    /** Whether LoRA's B·A is folded into the base weights (see {@link #merge()}). */
    public boolean merged() {
        return LoraDense.in(block).stream().anyMatch(LoraDense::merged);
    }

    /**
     * Folds every LoRA update into its base weight, so that prediction costs what the base model's does.
     * All or nothing: if one update would make a weight non-finite, no weight changes. Houlsby adapters
     * cannot be folded and stay as they are.
     */
    public void merge() {
        List<LoraDense> loras = LoraDense.in(block);
        loras.forEach(LoraDense::requireMergeable);
        loras.forEach(LoraDense::merge);
    }

    /** Subtracts what {@link #merge()} added: the base weights again, up to float rounding. */
    public void unmerge() {
        LoraDense.in(block).forEach(LoraDense::unmerge);
    }

    public LabelMap labels() {
        return labels;
    }

    public int numLabels() {
        return labels.size();
    }

    public SequenceClassifier block() {
        return block;
    }

    public NDManager manager() {
        return manager;
    }

    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    public TokenizerOptions tokenizerOptions() {
        return tokenizerOptions;
    }

    public long padId() {
        return tokenizer.padId();
    }

    /** The pretrained model this classifier was trained from, as its config.json names it (or its own directory). */
    public String baseModel() {
        return baseModel;
    }

    /** SHA-256 of the weights this model was loaded from (the backbone, for a new classifier). */
    public String sourceSha256() {
        return sourceSha256;
    }

    public List<Encoding> encode(List<String> texts) {
        return tokenizer.encodeAll(texts);
    }

    /**
     * Encodings cut to {@code maxLength} tokens (0: the length the model was trained with), with the model's
     * truncation strategy: a shorter length trades accuracy on long texts for speed.
     */
    public List<Encoding> encode(List<String> texts, int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("max length must be >= 0 (0: the model's own), got " + maxLength);
        }
        if (maxLength == 0 || maxLength == tokenizerOptions.maxLength()) {
            return encode(texts);
        }
        requireLength(config, maxLength);
        return otherLengths.computeIfAbsent(maxLength, n -> BertTokenizer.fromDirectory(sourceDir,
                new TokenizerOptions(n, tokenizerOptions.truncation(), tokenizerOptions.padding()))).encodeAll(texts);
    }

    public long parameterCount() {
        return ParameterNames.of(block).values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /**
     * Probabilities (texts × labels), in the order of {@code texts}: a softmax over the labels, or for a
     * multi-label model each label's own sigmoid. No dropout, no autograd.
     */
    public float[][] predictProba(List<String> texts) {
        return predictProba(texts, done -> { });
    }

    /** As {@link #predictProba(List)}, telling {@code progress} how many texts are done after each batch. */
    public float[][] predictProba(List<String> texts, java.util.function.IntConsumer progress) {
        return predictProba(texts, PREDICT_BATCH, 0, progress);
    }

    /**
     * As {@link #predictProba(List)}, in length-sorted batches of at most {@code batchSize} texts, each cut to
     * {@code maxLength} tokens (0: the model's own, see {@link #encode(List, int)}).
     */
    public float[][] predictProba(List<String> texts, int batchSize, int maxLength,
                                  java.util.function.IntConsumer progress) {
        return scores(encode(texts, maxLength), false, batchSize, progress);
    }

    /**
     * Scores (encodings × labels) of texts already tokenized by {@link #tokenizer()}, in their order: probabilities
     * as {@link #predictProba(List)} gives them, or with {@code raw} the logits before the softmax or sigmoid.
     * Encodings are length-sorted and padded per batch of at most {@code batchSize}, so their order and company do
     * not change their scores beyond float rounding. Not thread-safe: one caller at a time.
     */
    public float[][] scores(List<Encoding> encodings, boolean raw, int batchSize, java.util.function.IntConsumer progress) {
        Torch.gradMode(false);
        ParameterStore ps = new ParameterStore(manager, false);
        int c = numLabels();
        float[][] out = new float[encodings.size()][];
        int done = 0;
        for (int[] rows : LengthBatches.plan(encodings, batchSize)) {
            try (NDManager scope = manager.newSubManager()) {
                Batch batch = Batch.padded(encodings, rows, padId());
                Shape shape = new Shape(batch.shape());
                ai.djl.ndarray.NDList inputs = new ai.djl.ndarray.NDList(scope.create(batch.inputIds(), shape),
                        scope.create(batch.typeIds(), shape), scope.create(batch.attentionMask(), shape));
                NDArray logits = block.forward(ps, inputs, false).singletonOrThrow(); // (B, C)
                float[] p = (raw ? logits : head.problem().probabilities(logits)).toFloatArray();
                for (int r = 0; r < rows.length; r++) {
                    out[rows[r]] = Arrays.copyOfRange(p, r * c, (r + 1) * c);
                }
            }
            done += rows.length;
            progress.accept(done);
        }
        return out;
    }

    /**
     * Writes a standalone Hugging Face-layout directory: config.json (with id2label, label2id and a "tune4j"
     * section for the head, tokenization and added modules), model.safetensors with every weight, the
     * vocabulary, and a manifest with the weights' SHA-256. Merged LoRA is saved as the plain weights it
     * was folded into. The directory appears whole or not at all.
     */
    public void save(Path dir, String baseModelName) {
        boolean merged = merged();
        Additions saved = merged ? additions.withoutLora() : additions;
        write(dir, baseModelName, temp -> {
            Safetensors.write(temp.resolve("model.safetensors"), config.family().toCheckpointNames(
                    tensors(key -> !merged || !ParameterNames.isLora(key))), Map.of("format", "pt"));
            ModelHub.recordWeights(temp, baseModelName, "tune4j classifier trained from " + baseModelName);
            return configJson(baseModelName, saved);
        });
    }

    /**
     * Writes an adapter-only directory: only the weights for which {@code trained} holds (the added modules,
     * the head, LayerNorms if they trained) in PEFT's layout, for LoRA PEFT's adapter_config.json, and a
     * config.json naming the base model and its weights' SHA-256, which {@link #load} checks.
     */
    public void saveAdapters(Path dir, String baseModelName, Predicate<String> trained) {
        if (additions.isNone()) {
            throw new IllegalStateException("this model has no adapter or LoRA modules; save() it instead");
        }
        if (merged()) {
            throw new IllegalStateException("LoRA is merged into the base weights; unmerge() before saving adapters only");
        }
        String base = Files.isDirectory(Path.of(baseModelName)) ? Path.of(baseModelName).toAbsolutePath().toString()
                : baseModelName;
        write(dir, base, temp -> {
            String sha = AdapterCheckpoint.write(temp, config.family().toCheckpointNames(tensors(trained)), additions.lora(),
                    base, config.family());
            JsonObject o = configJson(base, additions);
            JsonObject t4j = o.getAsJsonObject("tune4j");
            t4j.addProperty("adapter_only", true);
            t4j.addProperty("adapter_sha256", sha);
            return o;
        });
    }

    private interface Contents {
        /** Writes the weights into {@code temp} and returns config.json. */
        JsonObject write(Path temp) throws IOException;
    }

    private void write(Path dir, String baseModelName, Contents contents) {
        Path temp = dir.resolveSibling("." + dir.getFileName() + ".partial-" + System.nanoTime());
        try {
            Files.createDirectories(temp);
            JsonObject json = contents.write(temp);
            AtomicFiles.writeString(temp.resolve("config.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
            for (String f : new String[] {"vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
                if (Files.isRegularFile(sourceDir.resolve(f))) {
                    Files.copy(sourceDir.resolve(f), temp.resolve(f));
                }
            }
            replace(temp, dir);
        } catch (IOException e) {
            throw new Tune4jException(dir + ": cannot save the model: " + e.getMessage(), e);
        }
    }

    private Map<String, HostTensor> tensors(Predicate<String> keep) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : ParameterNames.of(block).entrySet()) {
            if (keep.test(e.getKey())) {
                NDArray a = e.getValue().getArray();
                tensors.put(e.getKey(), new HostTensor(DType.F32, a.getShape().getShape(), a.toByteBuffer()));
            }
        }
        return tensors;
    }

    private JsonObject configJson(String baseModelName, Additions saved) {
        JsonObject o = config.toJson();
        JsonArray arch = new JsonArray();
        // The family's Hugging Face class computes the same: BERT's linear head on the pooler, the others' own head.
        HeadConfig.Kind familyHead = config.family().pooler() ? HeadConfig.Kind.LINEAR : HeadConfig.Kind.HF;
        Pooling familyPooling = config.family().pooler() ? Pooling.POOLER : Pooling.CLS;
        boolean hfCompatible = head.kind() == familyHead && head.pooling() == familyPooling && saved.isNone();
        arch.add(hfCompatible ? config.family().classifierClass() : "Tune4jBertClassifier");
        o.add("architectures", arch);
        o.add("id2label", labels.id2label());
        o.add("label2id", labels.label2id());
        o.addProperty("problem_type", head.problem().hfName());
        o.addProperty(config.family().configKey("classifier_dropout"), head.dropout());
        JsonObject t4j = new JsonObject();
        t4j.add("head", head.toJson());
        t4j.addProperty("max_length", tokenizerOptions.maxLength());
        t4j.addProperty("truncation", tokenizerOptions.truncation().name().toLowerCase(Locale.ROOT));
        t4j.addProperty("base_model", baseModelName);
        t4j.addProperty("base_sha256", sourceSha256);
        if (!saved.isNone()) {
            t4j.add("additions", saved.toJson());
        }
        o.add("tune4j", t4j);
        return o;
    }

    private static void replace(Path temp, Path dir) throws IOException {
        if (Files.exists(dir)) {
            Path old = dir.resolveSibling("." + dir.getFileName() + ".old-" + System.nanoTime());
            Files.move(dir, old);
            AtomicFiles.moveDirectory(temp, dir);
            FileTrees.delete(old);
        } else {
            AtomicFiles.moveDirectory(temp, dir);
        }
    }

    @Override
    public void close() {
        block.bert().encoder().runIn(Precision.FP32);
        tokenizer.close();
        otherLengths.values().forEach(BertTokenizer::close);
        manager.close();
    }
}
