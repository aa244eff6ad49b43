package dev.tune4j.infer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import dev.tune4j.model.BertModel;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.tokenize.LengthBatches;
import dev.tune4j.tokenize.Padding;
import dev.tune4j.tokenize.TokenizerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/** One vector per text from a BERT backbone: the features that a frozen-backbone head learns from. */
public final class Embedder implements AutoCloseable {

    private static final int BATCH_SIZE = 16;

    private final Pretrained<BertModel> model;
    private final Pooling pooling;
    /** Unit L2 norm per vector (sentence-transformers' Normalize) and the default length cut (0: the model's). */
    private final boolean normalize;
    private final int defaultMaxLength;
    /** Tokenizers cut to other lengths than the model's limit, made on first use. */
    private final Map<Integer, BertTokenizer> otherLengths = new ConcurrentHashMap<>();

    private Embedder(Pretrained<BertModel> model, Pooling pooling, boolean normalize, int maxLength) {
        this.model = model;
        this.pooling = pooling;
        this.normalize = normalize;
        this.defaultMaxLength = Math.min(maxLength, model.config().maxPositionEmbeddings());
    }

    /** Pools as {@code dir}'s sentence-transformers files say ({@link SentencePooling#of}), else [CLS]. */
    public static Embedder load(Path dir) {
        return load(dir, SentencePooling.of(dir));
    }

    /** Pools, normalizes and cuts texts as {@code sentence} says. */
    public static Embedder load(Path dir, SentencePooling sentence) {
        return load(dir, sentence.pooling(), sentence.normalize(), sentence.maxLength());
    }

    /** Loads the backbone of a Hugging Face directory; heads in the checkpoint ({@code cls.*}) are ignored. */
    public static Embedder load(Path dir, Pooling pooling) {
        return load(dir, pooling, false, 0);
    }

    /** As {@link #load(Path, Pooling)}, each vector scaled to unit L2 norm if {@code normalize}. */
    public static Embedder load(Path dir, Pooling pooling, boolean normalize, int maxLength) {
        boolean pooler = pooling == Pooling.POOLER;
        return new Embedder(Pretrained.load(dir, config -> new BertModel(config, pooler), tensors -> {
            String prefix = Pretrained.backbonePrefix(tensors);
            if (pooler && !tensors.containsKey(prefix + "pooler.dense.weight")) {
                throw new Tune4jException(dir + ": this checkpoint has no pooler weights; use --pooling cls or mean");
            }
            return new WeightLoader.Expectations(prefix, key -> false,
                    key -> !key.startsWith(prefix) || key.startsWith(prefix + "pooler.") || key.endsWith("position_ids"));
        }), pooling, normalize, maxLength);
    }

    /** Runs the encoder in {@code requested} (see {@link BertModel#runIn}); returns what it runs in. */
    public Precision runIn(Precision requested, Consumer<String> warn) {
        return model.block().runIn(requested, warn);
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Whether every vector is scaled to unit L2 norm. */
    public boolean normalizes() {
        return normalize;
    }

    /** The tokenizer behind {@link #encode}; thread-safe. */
    public BertTokenizer tokenizer() {
        return model.tokenizer();
    }

    public int dimension() {
        return model.config().hiddenSize();
    }

    /** Vectors (texts.size() × H), in the order of {@code texts}. */
    public float[][] embed(List<String> texts) {
        return embed(texts, BATCH_SIZE, defaultMaxLength);
    }

    /**
     * As {@link #embed(List)}, in length-sorted batches of at most {@code batchSize} texts, each cut to
     * {@code maxLength} tokens (0: the model's position limit).
     */
    public float[][] embed(List<String> texts, int batchSize, int maxLength) {
        return embedEncoded(tokenizer(maxLength).encodeAll(texts), batchSize, done -> { });
    }

    /**
     * As {@link #embed(List)}, all texts sorted by length into batches of {@code batchSize}; {@code progress}
     * receives the number of texts done after each batch.
     */
    public float[][] embed(List<String> texts, int batchSize, IntConsumer progress) {
        return embedEncoded(tokenizer(defaultMaxLength).encodeAll(texts), batchSize, progress);
    }

    /** The length {@link #embed(List)} cuts texts to, [CLS] and [SEP] included. */
    public int defaultMaxLength() {
        return defaultMaxLength == 0 ? maxLength() : defaultMaxLength;
    }

    /** The most tokens of a text the model reads, [CLS] and [SEP] included: its position table. */
    public int maxLength() {
        return model.config().maxTokens();
    }

    /**
     * Tokenizes as {@link #embed(List)} does, cut to {@link #defaultMaxLength()}; with {@code truncate} false a text
     * keeps every token, so that a caller can refuse one longer than that instead of cutting it. Thread-safe.
     */
    public List<Encoding> encode(List<String> texts, boolean truncate) {
        return tokenizer(defaultMaxLength).encodeAll(texts, truncate);
    }

    /**
     * Vectors of texts that {@link #encode} tokenized, in their order: the batch entry point of a server that
     * tokenizes before queueing. Length-sorted and padded per batch, so order and company change a vector only by
     * float rounding. One caller at a time.
     */
    public float[][] embedEncoded(List<Encoding> encodings) {
        return embedEncoded(encodings, BATCH_SIZE, done -> { });
    }

    private float[][] embedEncoded(List<Encoding> encodings, int batchSize, IntConsumer progress) {
        float[][] out = new float[encodings.size()][];
        Torch.gradMode(false);
        ParameterStore ps = new ParameterStore(model.manager(), false);
        int h = dimension();
        int done = 0;
        for (int[] indices : LengthBatches.plan(encodings, batchSize)) {
            Batch batch = Batch.padded(encodings, indices, model.tokenizer().padId());
            try (NDManager scope = model.manager().newSubManager()) {
                Shape shape = new Shape(batch.shape());
                NDList inputs = new NDList(scope.create(batch.inputIds(), shape), scope.create(batch.typeIds(), shape),
                        scope.create(batch.attentionMask(), shape));
                float[] flat = pooling.pooled(model.block(), ps, inputs, false).toFloatArray(); // (B, H)
                for (int row = 0; row < indices.length; row++) {
                    float[] v = new float[h];
                    System.arraycopy(flat, row * h, v, 0, h);
                    out[indices[row]] = normalize ? unit(v) : v;
                }
            }
            done += indices.length;
            progress.accept(done);
        }
        return out;
    }

    /** v / max(‖v‖₂, 1e-12), as torch.nn.functional.normalize does. */
    static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.max(Math.sqrt(sum), 1e-12);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }

    private BertTokenizer tokenizer(int maxLength) {
        int limit = model.config().maxTokens();
        if (maxLength < 0 || maxLength > limit) {
            throw new IllegalArgumentException("max length must be in [0, " + limit + "] (0: the model's limit), got " + maxLength);
        }
        if (maxLength == 0 || maxLength == limit) {
            return model.tokenizer();
        }
        return otherLengths.computeIfAbsent(maxLength, n -> BertTokenizer.fromDirectory(model.dir(),
                TokenizerOptions.truncateTo(n).withPadding(Padding.NONE)));
    }

    @Override
    public void close() {
        model.block().encoder().runIn(Precision.FP32);
        otherLengths.values().forEach(BertTokenizer::close);
        model.close();
    }
}
