package dev.tune4j.spark;

import dev.tune4j.Classifier;
import dev.tune4j.engine.Precision;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A trained tune4j classifier (a run's {@code model/}, full, adapter or LoRA, single- or multi-label) as a Spark ML
 * {@code Transformer}: appends {@code prediction} (the most probable label), {@code probability} (a dense vector in
 * the model's label order) and, for a multi-label model, {@code labels} (every label at or over {@code threshold},
 * most probable first). Probabilities are those of {@link Classifier#predictProba}, row for row.
 *
 * <pre>{@code
 * Tune4jClassifier clf = new Tune4jClassifier().setModelPath("/shared/runs/reviews/model").setInputCol("review");
 * Dataset<Row> scored = clf.transform(reviews);
 * }</pre>
 */
public final class Tune4jClassifier extends TextTransformer {

    private static final long serialVersionUID = 1L;

    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final Param<String> labelsCol;
    private final FloatParam threshold;

    public Tune4jClassifier() {
        this(randomUid("tune4jClassifier"));
    }

    public Tune4jClassifier(String uid) {
        super(uid);
        predictionCol = new Param<>(this, "predictionCol", "output column of the most probable label (string)");
        probabilityCol = new Param<>(this, "probabilityCol", "output column of the probabilities, in label order (vector)");
        labelsCol = new Param<>(this, "labelsCol", "multi-label models: output column of the predicted labels (array<string>)");
        threshold = new FloatParam(this, "threshold", "multi-label models: predict every label with at least this probability",
                ParamValidators.inRange(0, 1, false, false));
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(labelsCol, "labels");
        setDefault(threshold, 0.5f);
    }

    public static MLReader<Tune4jClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static Tune4jClassifier load(String path) {
        return read().load(path);
    }

    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> probabilityCol() { return probabilityCol; }
    public Param<String> labelsCol() { return labelsCol; }
    public FloatParam threshold() { return threshold; }

    public Tune4jClassifier setInputCol(String v) { set(inputCol(), v); return this; }
    public Tune4jClassifier setModelPath(String v) { set(modelPath(), v); return this; }
    public Tune4jClassifier setBatchSize(int v) { set(batchSize(), v); return this; }
    public Tune4jClassifier setMaxLength(int v) { set(maxLength(), v); return this; }
    public Tune4jClassifier setDtype(String v) { set(dtype(), v); return this; }
    public Tune4jClassifier setPredictionCol(String v) { set(predictionCol, v); return this; }
    public Tune4jClassifier setProbabilityCol(String v) { set(probabilityCol, v); return this; }
    public Tune4jClassifier setLabelsCol(String v) { set(labelsCol, v); return this; }
    public Tune4jClassifier setThreshold(float v) { set(threshold, v); return this; }

    public float getThreshold() { return (Float) getOrDefault(threshold); }

    @Override
    List<StructField> outputFields() {
        return fields(DataTypes.createStructField(getOrDefault(predictionCol), DataTypes.StringType, true),
                DataTypes.createStructField(getOrDefault(probabilityCol), SQLDataTypes.VectorType(), true));
    }

    @Override
    Scorer prepare() {
        String path = ModelPaths.onDriver(getModelPath());
        ModelCache.Entry entry = ModelCache.classifier(path, "", precision());
        boolean multiLabel = ((Classifier) entry.model()).multiLabel();
        List<StructField> fields = outputFields();
        if (multiLabel) {
            fields.add(DataTypes.createStructField(getOrDefault(labelsCol),
                    DataTypes.createArrayType(DataTypes.StringType, false), true));
        }
        return new ClassifierScorer(path, entry.sha256(), precision(), getBatchSize(), getMaxLength(), getThreshold(),
                multiLabel, fields);
    }

    /** Runs on the executors: the JVM's copy of the classifier, one chunk of texts at a time. */
    private record ClassifierScorer(String path, String sha256, Precision dtype, int batchSize, int maxLength,
                                    float threshold, boolean multiLabel, List<StructField> fields) implements Scorer {

        @Override
        public Object[][] score(List<String> texts) {
            Classifier c = (Classifier) ModelCache.classifier(path, sha256, dtype).model();
            float[][] probs = ModelCache.exclusive(c, () -> c.predictProba(texts, batchSize, maxLength));
            Object[][] out = new Object[texts.size()][];
            for (int i = 0; i < probs.length; i++) {
                Classifier.Prediction p = c.prediction(probs[i], threshold);
                double[] v = new double[probs[i].length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = probs[i][k];
                }
                out[i] = multiLabel
                        ? new Object[] {p.label(), Vectors.dense(v), scala.jdk.javaapi.CollectionConverters.asScala(p.labels()).toSeq()}
                        : new Object[] {p.label(), Vectors.dense(v)};
            }
            return out;
        }
    }
}
