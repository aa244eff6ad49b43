package dev.tune4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tune4j.config.Additions;
import dev.tune4j.config.BertConfig;
import dev.tune4j.engine.Precision;
import java.util.function.Consumer;

/**
 * The BERT backbone. In: input ids, token type ids, attention mask, each (B, T) int64.
 * Out: sequence output (B, T, H) and, when built with a pooler, the pooled output (B, H).
 */
public final class BertModel extends Module {

    /** Added to attention scores of padding; the value of the original BERT and of the golden reference. */
    static final float MASKED_SCORE = -10000f;

    /** The forward parameter of {@link #forwardFirstToken}, read by the encoder's last layer. */
    private static final String FIRST_TOKEN_ONLY = "first_token_only";

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
     * The forward for a reader of position 0 alone ([CLS] pooling, the pooler): the same values there, with the
     * sequence output (B, 1, H). Below the last layer every position feeds position 0 through attention, so
     * only the last layer narrows: its queries, residuals and feed-forward run for position 0 while its keys
     * and values cover every token. On bert-base at 8 × 256 tokens the forward is 1.10× faster (bench/RESULTS.md).
     */
    public NDList forwardFirstToken(ParameterStore ps, NDList inputs, boolean training) {
        PairList<String, Object> params = new PairList<>();
        params.add(FIRST_TOKEN_ONLY, Boolean.TRUE);
        return forward(ps, inputs, training, params);
    }

    /** Whether a layer's forward {@code params} ask for position 0 alone. */
    static boolean firstTokenOnly(PairList<String, Object> params) {
        return params != null && Boolean.TRUE.equals(params.get(FIRST_TOKEN_ONLY));
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
        NDArray sequence = encoder.forward(ps, encoderInputs, training, params).singletonOrThrow(); // (B, T or 1, H)
        if (pooler == null) {
            return new NDList(sequence);
        }
        return new NDList(sequence, pooler.forward(ps, new NDList(sequence), training).singletonOrThrow());
    }
}
