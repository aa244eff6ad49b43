package dev.tune4j.spark;

import dev.tune4j.engine.Precision;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A BERT backbone as a Spark ML {@code Transformer}: appends one dense vector per text, the same as
 * {@link Embedder#embed} ({@code pooling} auto, cls, mean or pooler), optionally scaled to unit L2 norm.
 */
public final class Tune4jEmbedder extends TextTransformer {

    private static final long serialVersionUID = 1L;

    private final Param<String> outputCol;
    private final Param<String> pooling;
    private final BooleanParam normalize;

    public Tune4jEmbedder() {
        this(randomUid("tune4jEmbedder"));
    }

    public Tune4jEmbedder(String uid) {
        super(uid);
        outputCol = new Param<>(this, "outputCol", "output column of the embeddings (vector)");
        pooling = new Param<>(this, "pooling", "auto (as the model's sentence-transformers files say, with their "
                + "Normalize; else cls), cls ([CLS] hidden state), mean (over real tokens) or pooler",
                ParamValidators.inArray(List.of("auto", "cls", "mean", "pooler")));
        normalize = new BooleanParam(this, "normalize", "scale each vector to unit L2 norm");
        setDefault(outputCol, "embedding");
        setDefault(pooling, "auto");
        setDefault(normalize, false);
    }

    public static MLReader<Tune4jEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static Tune4jEmbedder load(String path) {
        return read().load(path);
    }

    public Param<String> outputCol() { return outputCol; }
    public Param<String> pooling() { return pooling; }
    public BooleanParam normalize() { return normalize; }

    public Tune4jEmbedder setInputCol(String v) { set(inputCol(), v); return this; }
    public Tune4jEmbedder setModelPath(String v) { set(modelPath(), v); return this; }
    public Tune4jEmbedder setBatchSize(int v) { set(batchSize(), v); return this; }
    public Tune4jEmbedder setMaxLength(int v) { set(maxLength(), v); return this; }
    public Tune4jEmbedder setDtype(String v) { set(dtype(), v); return this; }
    public Tune4jEmbedder setOutputCol(String v) { set(outputCol, v); return this; }
    public Tune4jEmbedder setPooling(String v) { set(pooling, v); return this; }
    public Tune4jEmbedder setNormalize(boolean v) { set(normalize, v); return this; }

    @Override
    List<StructField> outputFields() {
        return fields(DataTypes.createStructField(getOrDefault(outputCol), SQLDataTypes.VectorType(), true));
    }

    @Override
    Scorer prepare() {
        String path = ModelPaths.onDriver(getModelPath());
        String name = getOrDefault(pooling);
        Pooling p = name.equals("auto") ? null : Pooling.valueOf(name.toUpperCase(Locale.ROOT)); // null: the model's own
        ModelCache.Entry entry = ModelCache.embedder(path, "", p, precision());
        return new EmbedderScorer(path, entry.sha256(), p, precision(), getBatchSize(), getMaxLength(),
                (Boolean) getOrDefault(normalize), outputFields());
    }

    /** Runs on the executors: the JVM's copy of the backbone, one chunk of texts at a time. */
    private record EmbedderScorer(String path, String sha256, Pooling pooling, Precision dtype, int batchSize,
                                  int maxLength, boolean normalize, List<StructField> fields) implements Scorer {

        @Override
        public Object[][] score(List<String> texts) {
            Embedder e = (Embedder) ModelCache.embedder(path, sha256, pooling, dtype).model();
            int cut = maxLength > 0 ? maxLength : e.defaultMaxLength(); // 0: the model's own, max_seq_length if it has one
            float[][] vectors = ModelCache.exclusive(e, () -> e.embed(texts, batchSize, cut));
            Object[][] out = new Object[texts.size()][];
            for (int i = 0; i < vectors.length; i++) {
                double[] v = new double[vectors[i].length];
                double norm = 0;
                for (int k = 0; k < v.length; k++) {
                    v[k] = vectors[i][k];
                    norm += v[k] * v[k];
                }
                if (normalize && norm > 0) {
                    double scale = 1 / Math.sqrt(norm);
                    for (int k = 0; k < v.length; k++) {
                        v[k] *= scale;
                    }
                }
                out[i] = new Object[] {Vectors.dense(v)};
            }
            return out;
        }
    }
}
