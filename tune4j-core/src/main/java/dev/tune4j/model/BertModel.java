package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.engine.Precision;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The encoder of every {@link dev.tune4j.config.ModelFamily}: BERT's graph, whose embeddings follow the family
 * (positions, token types) and, in ELECTRA, are projected to H by {@code embeddings_project}.
 * In: input ids, token type ids, attention mask, each (B, T) int64.
 * Out: sequence output (B, T, H) and, when built with a pooler, the pooled output (B, H).
 */
public final class BertModel extends Module {

    /** Added to attention scores of padding; the value of the original BERT and of the golden reference. */
    static final float MASKED_SCORE = -10000f;

    /** The forward parameter of {@link #forwardAt}: the rows of the flattened input the last layer computes. */
    private static final String LAST_LAYER_ROWS = "last_layer_rows";

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final Dense embeddingsProject;
    private final BertEncoder encoder;
    private final BertPooler pooler;

    public BertModel(BertConfig config, boolean withPooler) {
        this(config, withPooler, Additions.NONE);
    }

    /** With adapter or LoRA modules in every encoder layer. */
    public BertModel(BertConfig config, boolean withPooler, Additions additions) {
        this.config = config;
        embeddings = addChildBlock("embeddings", new BertEmbeddings(config));
        embeddingsProject = config.embeddingSize() == config.hiddenSize() ? null : addChildBlock("embeddings_project",
                new Dense(config.embeddingSize(), config.hiddenSize(), config.initializerRange()));
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
     * (B, P, H) holding row r's positions {@code positions[r][0..P)} (every row P of them; repeat one to pad a
     * row), and no pooled output ({@link #forwardFirstToken} has it).
     * Below the last layer every position feeds every other through attention, so only the last layer
     * narrows: its queries, residuals and feed-forward run for those positions while its keys and values cover
     * every token. For [CLS] on bert-base at 8 × 256 tokens the forward is 1.07–1.10× faster (bench/RESULTS.md).
     */
    public NDList forwardAt(ParameterStore ps, NDList inputs, boolean training, long[][] positions) {
        long b = inputs.get(0).getShape().get(0);
        long t = inputs.get(0).getShape().get(1);
        int p = positions.length == 0 ? 0 : positions[0].length;
        if (positions.length != b || p == 0) {
            throw new IllegalArgumentException("positions must be B = " + b + " rows of P >= 1, got " + positions.length
                    + " rows of " + p);
        }
        // The rows of the flattened (B·T, H) input the last layer computes, found once for its two readers.
        long[] rows = new long[positions.length * p];
        for (int r = 0; r < positions.length; r++) {
            if (positions[r].length != p) {
                throw new IllegalArgumentException("every row needs " + p + " positions, row " + r + " has " + positions[r].length);
            }
            for (int j = 0; j < p; j++) {
                if (positions[r][j] < 0 || positions[r][j] >= t) {
                    throw new IllegalArgumentException("position " + positions[r][j] + " of row " + r + " is outside [0, " + t + ")");
                }
                rows[r * p + j] = r * t + positions[r][j];
            }
        }
        PairList<String, Object> params = new PairList<>();
        params.add(LAST_LAYER_ROWS, inputs.get(0).getManager().create(rows)); // (B·P)
        return forward(ps, inputs, training, params);
    }

    /**
     * {@link #forwardAt} position 0 of every row, what [CLS] pooling reads: sequence output (B, 1, H) and, when the
     * model has a pooler, the pooled output (B, H).
     */
    public NDList forwardFirstToken(ParameterStore ps, NDList inputs, boolean training) {
        long[][] first = new long[Math.toIntExact(inputs.get(0).getShape().get(0))][1];
        NDArray cls = forwardAt(ps, inputs, training, first).get(0); // (B, 1, H)
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
        long[][] rows = new long[count.length][width];
        long[] at = new long[positions.length]; // where each requested position lands in the (B·P) output
        int[] filled = new int[count.length];
        for (int m = 0; m < positions.length; m++) {
            int r = (int) (positions[m] / t);
            at[m] = (long) r * width + filled[r];
            rows[r][filled[r]++] = positions[m] % t;
        }
        for (int r = 0; r < rows.length; r++) { // a row with fewer positions repeats its last (or 0 when it has none)
            Arrays.fill(rows[r], filled[r], width, filled[r] == 0 ? 0 : rows[r][filled[r] - 1]);
        }
        NDArray sequence = forwardAt(ps, inputs, training, rows).get(0); // (B, P, H)
        return sequence.reshape(b * width, sequence.getShape().get(2)).get(inputs.get(0).getManager().create(at)); // (M, H)
    }

    /** x (B, T, H) at the positions the forward's params ask for, (B, P, H); x itself when they ask for none. */
    static NDArray atLastLayerPositions(NDArray x, PairList<String, Object> params) {
        NDArray rows = lastLayerRows(params);
        if (rows == null) {
            return x;
        }
        long h = x.getShape().get(2);
        return x.reshape(-1, h).get(rows).reshape(x.getShape().get(0), -1, h);
    }

    /** The rows (B·P) of the flattened (B·T, H) input that {@link #forwardAt} put in {@code params}, or null for all. */
    static NDArray lastLayerRows(PairList<String, Object> params) {
        return params == null ? null : (NDArray) params.get(LAST_LAYER_ROWS);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0); // (B, T)
        NDArray typeIds = inputs.get(1); // (B, T)
        NDArray mask = inputs.get(2); // (B, T)
        NDArray x = embeddings.forward(ps, new NDList(ids, typeIds), training).singletonOrThrow(); // (B, T, E)
        if (embeddingsProject != null) {
            x = call(embeddingsProject, ps, training, x); // (B, T, H)
        }
        NDList encoderInputs = new NDList(x);
        // Without padding the mask would add zeros to every score; skipping it saves a pass over (B, N, T, T).
        if (mask.min().getLong() == 0) {
            encoderInputs.add(mask.toType(DataType.FLOAT32, false).neg().add(1).mul(MASKED_SCORE)
                    .expandDims(1).expandDims(1)); // (B, 1, 1, T)
        }
        NDArray sequence = encoder.forward(ps, encoderInputs, training, params).singletonOrThrow(); // (B, T or P, H)
        // At chosen positions, [CLS] may not be among them; forwardFirstToken pools its own output.
        if (pooler == null || lastLayerRows(params) != null) {
            return new NDList(sequence);
        }
        return new NDList(sequence, pooler.forward(ps, new NDList(sequence), training).singletonOrThrow());
    }
}
