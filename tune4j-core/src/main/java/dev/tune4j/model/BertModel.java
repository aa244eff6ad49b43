package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.engine.Precision;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The BERT backbone. In: input ids, token type ids, attention mask, each (B, T) int64.
 * Out: sequence output (B, T, H) and, when built with a pooler, the pooled output (B, H).
 */
public final class BertModel extends Module {

    /** Added to attention scores of padding; the value of the original BERT and of the golden reference. */
    static final float MASKED_SCORE = -10000f;

    /** The forward parameter of {@link #forwardAt}: the positions (B, P) the encoder's last layer computes. */
    private static final String LAST_LAYER_POSITIONS = "last_layer_positions";

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final BertEncoder encoder;
    private final BertPooler pooler;

    public BertModel(BertConfig config, boolean withPooler) {
        this(config, withPooler, Additions.NONE);
    }

    /** With adapter or LoRA modules in every encoder layer. */
    public BertModel(BertConfig config, boolean withPooler, Additions additions) {
        this.config = config;
        embeddings = addChildBlock("embeddings", new BertEmbeddings(config));
        encoder = addChildBlock("encoder", new BertEncoder(config, additions));
        pooler = withPooler ? addChildBlock("pooler", new BertPooler(config)) : null;
    }

    public BertConfig config() {
        return config;
    }

    public BertEmbeddings embeddings() {
        return embeddings;
    }

    public BertEncoder encoder() {
        return encoder;
    }

    /**
     * Resolves {@code requested} on this host and runs inference forwards of the encoder in it; returns
     * FP32 or BF16. Where bf16 is unsupported (CPU, library, or layers with adapters) the model runs in
     * fp32 and {@code warn} gets one line.
     */
    public Precision runIn(Precision requested, Consumer<String> warn) {
        Precision precision = requested.resolve(warn);
        try {
            encoder.runIn(precision);
            return precision;
        } catch (UnsupportedOperationException e) {
            warn.accept(e.getMessage() + "; running in fp32");
            encoder.runIn(Precision.FP32);
            return Precision.FP32;
        }
    }

    public boolean hasPooler() {
        return pooler != null;
    }

    /**
     * The forward for a reader of some positions alone: the same values there, with the sequence output
     * (B, P, H) holding row r's positions {@code positions[r, 0..P)} (int64, (B, P); repeat one to pad a row),
     * and no pooled output ({@link #forwardFirstToken} has it).
     * Below the last layer every position feeds every other through attention, so only the last layer
     * narrows: its queries, residuals and feed-forward run for those positions while its keys and values cover
     * every token. For [CLS] on bert-base at 8 × 256 tokens the forward is 1.10× faster (bench/RESULTS.md).
     */
    public NDList forwardAt(ParameterStore ps, NDList inputs, boolean training, NDArray positions) {
        Shape ids = inputs.get(0).getShape();
        Shape at = positions.getShape();
        if (at.dimension() != 2 || at.get(0) != ids.get(0) || at.get(1) < 1) {
            throw new IllegalArgumentException("positions must be (B, P) with B = " + ids.get(0) + " and P >= 1, got " + at);
        }
        long min = positions.min().getLong();
        long max = positions.max().getLong();
        if (min < 0 || max >= ids.get(1)) {
            throw new IllegalArgumentException("positions must lie in [0, " + ids.get(1) + "), got [" + min + ", " + max + "]");
        }
        PairList<String, Object> params = new PairList<>();
        params.add(LAST_LAYER_POSITIONS, positions.toType(DataType.INT64, false));
        return forward(ps, inputs, training, params);
    }

    /**
     * {@link #forwardAt} position 0 of every row, what [CLS] pooling reads: sequence output (B, 1, H) and, when the
     * model has a pooler, the pooled output (B, H).
     */
    public NDList forwardFirstToken(ParameterStore ps, NDList inputs, boolean training) {
        NDArray ids = inputs.get(0);
        NDArray cls = forwardAt(ps, inputs, training, ids.getManager().zeros(new Shape(ids.getShape().get(0), 1),
                DataType.INT64)).get(0); // (B, 1, H)
        return pooler == null ? new NDList(cls) : new NDList(cls, pooler.forward(ps, new NDList(cls), training).singletonOrThrow());
    }

    /**
     * The last layer's hidden states (M, H) at {@code positions}, flat indices into the (B, T) batch in any order
     * (MLM heads read the masks): {@link #forwardAt} with each row's positions, padded to the most any row has.
     */
    public NDArray hiddenAt(ParameterStore ps, NDList inputs, boolean training, long[] positions) {
        long b = inputs.get(0).getShape().get(0);
        long t = inputs.get(0).getShape().get(1);
        int[] count = new int[Math.toIntExact(b)];
        for (long p : positions) {
            if (p < 0 || p >= b * t) {
                throw new IllegalArgumentException("position " + p + " is outside the (" + b + ", " + t + ") batch");
            }
            count[(int) (p / t)]++;
        }
        int width = Math.max(1, Arrays.stream(count).max().orElse(1));
        long[] rows = new long[count.length * width]; // (B, P), a row with fewer positions repeats its last
        long[] at = new long[positions.length]; // where each requested position lands in the (B·P) output
        int[] filled = new int[count.length];
        for (int m = 0; m < positions.length; m++) {
            int r = (int) (positions[m] / t);
            at[m] = (long) r * width + filled[r];
            rows[r * width + filled[r]++] = positions[m] % t;
        }
        for (int r = 0; r < count.length; r++) {
            for (int j = Math.max(1, filled[r]); j < width; j++) {
                rows[r * width + j] = rows[r * width + j - 1];
            }
        }
        NDManager manager = inputs.get(0).getManager();
        NDArray sequence = forwardAt(ps, inputs, training, manager.create(rows, new Shape(b, width))).get(0); // (B, P, H)
        return sequence.reshape(b * width, sequence.getShape().get(2)).get(manager.create(at)); // (M, H)
    }

    /** x (B, T, H) at the positions the forward's params ask for, (B, P, H); x itself when they ask for none. */
    static NDArray atLastLayerPositions(NDArray x, PairList<String, Object> params) {
        NDArray positions = lastLayerPositions(params);
        if (positions == null) {
            return x;
        }
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long h = x.getShape().get(2);
        return x.reshape(b * t, h).get(flatPositions(positions, t)).reshape(b, positions.getShape().get(1), h);
    }

    /** positions (B, P) within rows of length t as flat indices (B·P) into the (B·T) rows of a batch. */
    static NDArray flatPositions(NDArray positions, long t) {
        long b = positions.getShape().get(0);
        try (NDArray offsets = positions.getManager().arange(0L, b * t, t, DataType.INT64)) {
            return positions.add(offsets.reshape(b, 1)).reshape(-1); // (B·P)
        }
    }

    /** The (B, P) positions of {@link #forwardAt} in a layer's forward {@code params}, or null for every position. */
    static NDArray lastLayerPositions(PairList<String, Object> params) {
        return params == null ? null : (NDArray) params.get(LAST_LAYER_POSITIONS);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0); // (B, T)
        NDArray typeIds = inputs.get(1); // (B, T)
        NDArray mask = inputs.get(2); // (B, T)
        NDArray x = embeddings.forward(ps, new NDList(ids, typeIds), training).singletonOrThrow(); // (B, T, H)
        NDList encoderInputs = new NDList(x);
        // Without padding the mask would add zeros to every score; skipping it saves a pass over (B, N, T, T).
        if (mask.min().getLong() == 0) {
            encoderInputs.add(mask.toType(DataType.FLOAT32, false).neg().add(1).mul(MASKED_SCORE)
                    .expandDims(1).expandDims(1)); // (B, 1, 1, T)
        }
        NDArray sequence = encoder.forward(ps, encoderInputs, training, params).singletonOrThrow(); // (B, T or P, H)
        // At chosen positions, [CLS] may not be among them; forwardFirstToken pools its own output.
        if (pooler == null || lastLayerPositions(params) != null) {
            return new NDList(sequence);
        }
        return new NDList(sequence, pooler.forward(ps, new NDList(sequence), training).singletonOrThrow());
    }
}
