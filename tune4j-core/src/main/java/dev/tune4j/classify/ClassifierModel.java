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
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.DType;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.config.BertConfig;
import dev.tune4j.data.LabelMap;
import dev.tune4j.engine.Torch;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.Pooling;
import dev.tune4j.infer.Pretrained;
import dev.tune4j.model.ParameterNames;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.tokenize.Padding;
import dev.tune4j.tokenize.TokenizerOptions;
import dev.tune4j.tokenize.Truncation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A sequence classifier in memory: BERT, head, tokenizer, labels and the NDManager owning the weights.
 * Created from a pretrained backbone (head new) or loaded from a directory that {@link #save} wrote.
 */
public final class ClassifierModel implements AutoCloseable {

    private static final int PREDICT_BATCH = 32;

    private final BertConfig config;
    private final HeadConfig head;
    private final LabelMap labels;
    private final TokenizerOptions tokenizerOptions;
    private final BertTokenizer tokenizer;
    private final NDManager manager;
    private final SequenceClassifier block;
    private final Path sourceDir;
    private final String sourceSha256;

    private ClassifierModel(BertConfig config, HeadConfig head, LabelMap labels, TokenizerOptions tokenizerOptions,
                            NDManager manager, SequenceClassifier block, Path sourceDir) {
        this.config = config;
        this.head = head;
        this.labels = labels;
        this.tokenizerOptions = tokenizerOptions;
        this.tokenizer = BertTokenizer.fromDirectory(sourceDir, tokenizerOptions);
        this.manager = manager;
        this.block = block;
        this.sourceDir = sourceDir;
        this.sourceSha256 = ModelHub.weightsSha256(sourceDir);
    }

    /** A new head on a pretrained backbone; {@code seed} fixes the head's initial weights. */
    public static ClassifierModel fromPretrained(Path pretrainedDir, HeadConfig head, LabelMap labels,
                                                 int maxLength, Truncation truncation, long seed) {
        if (head.numLabels() != labels.size()) {
            throw new IllegalArgumentException("head has " + head.numLabels() + " outputs for " + labels.size() + " labels");
        }
        BertConfig config = BertConfig.read(pretrainedDir.resolve("config.json"));
        requireLength(config, maxLength);
        Map<String, HostTensor> tensors = Safetensors.read(pretrainedDir.resolve("model.safetensors")).tensors();
        String prefix = Pretrained.backbonePrefix(tensors);
        boolean pooler = head.pooling() == Pooling.POOLER;
        // A pretrained checkpoint has no head (new, as expected) and may carry pretraining heads (unused).
        WeightLoader.Expectations expect = new WeightLoader.Expectations("",
                key -> key.startsWith("classifier."),
                key -> key.startsWith("cls.") || key.endsWith("position_ids") || (!pooler && key.contains("pooler.")));
        Engine.getInstance().setRandomSeed((int) seed);
        return build(pretrainedDir, config, head, labels, new TokenizerOptions(maxLength, truncation, Padding.NONE),
                prefix.isEmpty() ? withBertPrefix(tensors) : tensors, expect);
    }

    /** Loads a directory written by {@link #save}, or a Hugging Face BertForSequenceClassification directory. */
    public static ClassifierModel load(Path dir) {
        Path resolved = ModelHub.resolve(dir.toString(), line -> {});
        Path configFile = resolved.resolve("config.json");
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(configFile, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new Tune4jException(configFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (!json.has("id2label")) {
            throw new Tune4jException(configFile + ": no id2label, so this is not a classifier; train one with `tune4j train`");
        }
        BertConfig config = BertConfig.read(configFile);
        LabelMap labels = LabelMap.fromId2Label(json.getAsJsonObject("id2label"));
        JsonObject t4j = json.has("tune4j") ? json.getAsJsonObject("tune4j") : new JsonObject();
        // A plain Hugging Face classifier: dropout + linear on the pooler output.
        HeadConfig head = t4j.has("head") ? HeadConfig.fromJson(t4j.getAsJsonObject("head"), labels.size())
                : new HeadConfig(HeadConfig.Kind.LINEAR, 0, 0.1f, Pooling.POOLER, labels.size());
        int maxLength = t4j.has("max_length") ? t4j.get("max_length").getAsInt() : config.maxPositionEmbeddings();
        Truncation truncation = t4j.has("truncation")
                ? Truncation.valueOf(t4j.get("truncation").getAsString().toUpperCase(Locale.ROOT)) : Truncation.HEAD;
        Map<String, HostTensor> tensors = Safetensors.read(resolved.resolve("model.safetensors")).tensors();
        WeightLoader.Expectations expect = new WeightLoader.Expectations("", key -> false,
                key -> key.endsWith("position_ids") || (head.pooling() != Pooling.POOLER && key.contains("pooler.")));
        return build(resolved, config, head, labels, new TokenizerOptions(maxLength, truncation, Padding.NONE), tensors, expect);
    }

    private static ClassifierModel build(Path dir, BertConfig config, HeadConfig head, LabelMap labels,
                                         TokenizerOptions options, Map<String, HostTensor> tensors,
                                         WeightLoader.Expectations expect) {
        NDManager manager = Torch.newManager();
        try {
            SequenceClassifier block = new SequenceClassifier(config, head);
            WeightLoader.load(block, tensors, manager, expect, dir.resolve("model.safetensors").toString());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
            return new ClassifierModel(config, head, labels, options, manager, block, dir);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A bare BertModel checkpoint keyed without "bert.", re-keyed to this model's names. */
    private static Map<String, HostTensor> withBertPrefix(Map<String, HostTensor> tensors) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put("bert." + k, v));
        return out;
    }

    private static void requireLength(BertConfig config, int maxLength) {
        if (maxLength > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("max length " + maxLength + " exceeds the model's "
                    + config.maxPositionEmbeddings() + " positions");
        }
    }

    public BertConfig config() {
        return config;
    }

    public HeadConfig head() {
        return head;
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

    /** SHA-256 of the weights this model was loaded from (the backbone, for a new classifier). */
    public String sourceSha256() {
        return sourceSha256;
    }

    public List<Encoding> encode(List<String> texts) {
        return tokenizer.encodeAll(texts);
    }

    public long parameterCount() {
        return ParameterNames.of(block).values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Class probabilities (texts × labels), in the order of {@code texts}; no dropout, no autograd. */
    public float[][] predictProba(List<String> texts) {
        List<Encoding> encodings = encode(texts);
        Torch.gradMode(false);
        ParameterStore ps = new ParameterStore(manager, false);
        int n = texts.size();
        int c = numLabels();
        float[][] out = new float[n][];
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> encodings.get(i).length()).reversed());
        for (int from = 0; from < n; from += PREDICT_BATCH) {
            int[] rows = Arrays.stream(order, from, Math.min(n, from + PREDICT_BATCH)).mapToInt(Integer::intValue).toArray();
            try (NDManager scope = manager.newSubManager()) {
                Batch batch = Batch.padded(encodings, rows, padId());
                Shape shape = new Shape(batch.shape());
                ai.djl.ndarray.NDList inputs = new ai.djl.ndarray.NDList(scope.create(batch.inputIds(), shape),
                        scope.create(batch.typeIds(), shape), scope.create(batch.attentionMask(), shape));
                float[] p = block.forward(ps, inputs, false).singletonOrThrow().softmax(-1).toFloatArray();
                for (int r = 0; r < rows.length; r++) {
                    out[rows[r]] = Arrays.copyOfRange(p, r * c, (r + 1) * c);
                }
            }
        }
        return out;
    }

    /**
     * Writes a Hugging Face-layout directory: config.json (with id2label, label2id and a "tune4j" section
     * for the head and tokenization), model.safetensors, the vocabulary, and a manifest with the weights'
     * SHA-256. The directory appears whole or not at all.
     */
    public void save(Path dir, String baseModelName) {
        Path temp = dir.resolveSibling("." + dir.getFileName() + ".partial-" + System.nanoTime());
        try {
            Files.createDirectories(temp);
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : ParameterNames.of(block).entrySet()) {
                NDArray a = e.getValue().getArray();
                tensors.put(e.getKey(), new HostTensor(DType.F32, a.getShape().getShape(), a.toByteBuffer()));
            }
            Safetensors.write(temp.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
            Files.writeString(temp.resolve("config.json"), configJson(baseModelName) + "\n", StandardCharsets.UTF_8);
            for (String f : new String[] {"vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
                if (Files.isRegularFile(sourceDir.resolve(f))) {
                    Files.copy(sourceDir.resolve(f), temp.resolve(f));
                }
            }
            ModelHub.recordWeights(temp, baseModelName, "tune4j classifier trained from " + baseModelName);
            replace(temp, dir);
        } catch (IOException e) {
            throw new Tune4jException(dir + ": cannot save the model: " + e.getMessage(), e);
        }
    }

    private String configJson(String baseModelName) {
        JsonObject o = config.toJson();
        JsonArray arch = new JsonArray();
        boolean hfCompatible = head.kind() == HeadConfig.Kind.LINEAR && head.pooling() == Pooling.POOLER;
        arch.add(hfCompatible ? "BertForSequenceClassification" : "Tune4jBertClassifier");
        o.add("architectures", arch);
        o.add("id2label", labels.id2label());
        o.add("label2id", labels.label2id());
        o.addProperty("problem_type", "single_label_classification");
        o.addProperty("classifier_dropout", head.dropout());
        JsonObject t4j = new JsonObject();
        t4j.add("head", head.toJson());
        t4j.addProperty("max_length", tokenizerOptions.maxLength());
        t4j.addProperty("truncation", tokenizerOptions.truncation().name().toLowerCase(Locale.ROOT));
        t4j.addProperty("base_model", baseModelName);
        t4j.addProperty("base_sha256", sourceSha256);
        o.add("tune4j", t4j);
        return new GsonBuilder().setPrettyPrinting().create().toJson(o);
    }

    private static void replace(Path temp, Path dir) throws IOException {
        if (Files.exists(dir)) {
            Path old = dir.resolveSibling("." + dir.getFileName() + ".old-" + System.nanoTime());
            Files.move(dir, old);
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
