package dev.tune4j.mlm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.AtomicFiles;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.DType;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.config.BertConfig;
import dev.tune4j.engine.Torch;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.model.BertForMaskedLM;
import dev.tune4j.model.ParameterNames;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.BertTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT with its masked-LM head in memory, for pretraining and prompting: config, tokenizer, weights and
 * the NDManager owning them. {@link #save} writes a Hugging Face {@code BertForMaskedLM} directory
 * that {@code train}, {@code fill-mask} and {@code prompt} accept as {@code --model}.
 */
public final class MlmModel implements AutoCloseable {

    private static final String[] TOKENIZER_FILES = {"vocab.txt", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json"};

    private final BertConfig config;
    private final BertTokenizer tokenizer;
    private final NDManager manager;
    private final BertForMaskedLM block;
    /** Where vocab.txt and the other tokenizer files come from when saving. */
    private final Path tokenizerSource;
    /** Checkpoint tensors this model does not use (the pooler, the NSP head), written back unchanged on save. */
    private final Map<String, HostTensor> passThrough;
    private final JsonObject sourceConfig;

    private MlmModel(BertConfig config, BertTokenizer tokenizer, NDManager manager, BertForMaskedLM block,
                     Path tokenizerSource, Map<String, HostTensor> passThrough, JsonObject sourceConfig) {
        if (tokenizer.vocabSize() > config.vocabSize()) {
            tokenizer.close();
            manager.close();
            throw new Tune4jException("the vocabulary has " + tokenizer.vocabSize() + " tokens but the config's vocab_size is "
                    + config.vocabSize() + "; raise vocab_size to at least " + tokenizer.vocabSize());
        }
        this.config = config;
        this.tokenizer = tokenizer;
        this.manager = manager;
        this.block = block;
        this.tokenizerSource = tokenizerSource;
        this.passThrough = passThrough;
        this.sourceConfig = sourceConfig;
    }

    /**
     * Loads a Hugging Face BERT directory with {@code bert.*} weights. Its MLM head ({@code cls.predictions.*})
     * is loaded when present and newly initialised otherwise (e.g. from a trained classifier's backbone).
     */
    public static MlmModel load(Path dir) {
        BertConfig config = BertConfig.read(dir.resolve("config.json"));
        Path weights = dir.resolve("model.safetensors");
        if (!Files.isRegularFile(weights)) {
            throw new Tune4jException(dir + ": no model.safetensors (tune4j reads Hugging Face directories with safetensors weights)");
        }
        config.family().maskedLmClass(); // refuses ELECTRA's discriminator in one line
        Map<String, HostTensor> tensors = config.family().toBlockNames(Safetensors.read(weights).tensors());
        if (tensors.keySet().stream().noneMatch(k -> k.startsWith("bert."))) {
            throw new Tune4jException(weights + ": no '" + config.family().scope() + ".*' weights; masked-LM training needs a "
                    + config.family().maskedLmClass() + " checkpoint such as bert-base-uncased");
        }
        NDManager manager = Torch.newManager();
        try {
            BertForMaskedLM block = new BertForMaskedLM(config);
            // The decoder is tied to the word embeddings; the pooler and NSP head are kept aside for saving.
            WeightLoader.load(block, tensors, manager, new WeightLoader.Expectations("",
                    key -> key.startsWith("cls.predictions."),
                    key -> !key.startsWith("cls.predictions.") || key.startsWith("cls.predictions.decoder.")), weights.toString());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
            Map<String, HostTensor> passThrough = new LinkedHashMap<>();
            tensors.forEach((key, t) -> {
                if (key.startsWith("bert.pooler.") || key.startsWith("cls.seq_relationship.")) {
                    passThrough.put(key, t);
                }
            });
            return new MlmModel(config, BertTokenizer.fromDirectory(dir), manager, block, dir, passThrough,
                    readJson(dir.resolve("config.json")));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A randomly initialised model (normal with std {@code initializer_range}, LayerNorm 1 and 0, biases 0).
     *
     * @param tokenizer a model directory whose tokenizer to use, or a {@code vocab.txt} (lower-cased, as
     *     uncased BERT)
     */
    public static MlmModel fromScratch(BertConfig config, Path tokenizer, long seed) {
        NDManager manager = Torch.newManager();
        try {
            Engine.getInstance().setRandomSeed((int) seed);
            BertForMaskedLM block = new BertForMaskedLM(config);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
            BertTokenizer t = Files.isDirectory(tokenizer) ? BertTokenizer.fromDirectory(tokenizer)
                    : BertTokenizer.fromVocab(tokenizer, true);
            return new MlmModel(config, t, manager, block, tokenizer, Map.of(), new JsonObject());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public BertConfig config() {
        return config;
    }

    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    public NDManager manager() {
        return manager;
    }

    public BertForMaskedLM block() {
        return block;
    }

    /** Every parameter by checkpoint name; the tied decoder appears once, as the word embeddings. */
    public Map<String, Parameter> parameters() {
        return ParameterNames.of(block);
    }

    public long parameterCount() {
        return parameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Word pieces of each text, without special tokens or truncation. */
    public List<long[]> pieces(List<String> texts) {
        return tokenizer.encodeAll(texts).stream()
                .map(e -> Arrays.copyOfRange(e.inputIds(), 1, e.length() - 1)).toList();
    }

    /**
     * MLM logits at the given positions only: the last layer computes those positions alone
     * ({@link dev.tune4j.model.BertModel#hiddenAt}) and the head reads them, so a batch costs (M, V) logits
     * instead of (B, T, V).
     *
     * @param positions flat indices into the (B, T) batch
     * @return logits (M, V)
     */
    public NDArray logitsAt(ParameterStore ps, Batch batch, long[] inputIds, long[] positions, boolean training,
                            NDManager scope) {
        Shape shape = new Shape(batch.shape());
        NDList inputs = new NDList(scope.create(inputIds, shape), scope.create(batch.typeIds(), shape),
                scope.create(batch.attentionMask(), shape));
        NDArray atPositions = block.bert().hiddenAt(ps, inputs, training, positions); // (M, H)
        return block.head().forward(ps, new NDList(atPositions), training).singletonOrThrow(); // (M, V)
    }

    /**
     * Writes a Hugging Face {@code BertForMaskedLM} directory: config.json (plus a {@code tune4j} section
     * with {@code extra}), model.safetensors with {@code bert.*} and {@code cls.predictions.*}, the
     * tokenizer files, and a manifest with the weights' SHA-256. The directory appears whole or not at all.
     */
    public void save(Path dir, String baseModel, JsonObject extra) {
        Path temp = dir.toAbsolutePath().resolveSibling("." + dir.getFileName() + ".partial-" + System.nanoTime());
        try {
            Files.createDirectories(temp);
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            parameters().forEach((key, p) -> {
                NDArray a = p.getArray();
                tensors.put(key, new HostTensor(DType.F32, a.getShape().getShape(), a.toByteBuffer()));
            });
            tensors.putAll(passThrough);
            Safetensors.write(temp.resolve("model.safetensors"), config.family().toCheckpointNames(tensors), Map.of("format", "pt"));
            AtomicFiles.writeString(temp.resolve("config.json"), configJson(extra) + "\n");
            copyTokenizer(temp);
            ModelHub.recordWeights(temp, baseModel, "tune4j masked-LM model from " + baseModel);
            replace(temp, dir);
        } catch (IOException e) {
            throw new Tune4jException(dir + ": cannot save the model: " + e.getMessage(), e);
        }
    }

    private String configJson(JsonObject extra) {
        JsonObject o = config.toJson();
        // Keys we do not model (e.g. "transformers_version") survive a round trip.
        sourceConfig.entrySet().forEach(e -> {
            if (!o.has(e.getKey()) && !List.of("architectures", "id2label", "label2id", "tune4j").contains(e.getKey())) {
                o.add(e.getKey(), e.getValue());
            }
        });
        JsonArray arch = new JsonArray();
        arch.add(config.family().maskedLmClass());
        o.add("architectures", arch);
        o.add("tune4j", extra);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }

    private void copyTokenizer(Path target) throws IOException {
        if (Files.isRegularFile(tokenizerSource)) {
            Files.copy(tokenizerSource, target.resolve("vocab.txt"));
            AtomicFiles.writeString(target.resolve("tokenizer_config.json"), "{\n  \"tokenizer_class\": \"BertTokenizer\",\n  \"do_lower_case\": true\n}\n");
            return;
        }
        for (String f : TOKENIZER_FILES) {
            if (Files.isRegularFile(tokenizerSource.resolve(f))) {
                Files.copy(tokenizerSource.resolve(f), target.resolve(f));
            }
        }
    }

    private static void replace(Path temp, Path dir) throws IOException {
        if (Files.exists(dir)) {
            Path old = dir.toAbsolutePath().resolveSibling("." + dir.getFileName() + ".old-" + System.nanoTime());
            Files.move(dir, old);
            AtomicFiles.moveDirectory(temp, dir);
            try (var paths = Files.walk(old)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            AtomicFiles.moveDirectory(temp, dir);
        }
    }

    private static JsonObject readJson(Path file) {
        try {
            return dev.tune4j.JsonFiles.asObject(file, com.google.gson.JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new Tune4jException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
