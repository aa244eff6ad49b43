package dev.tune4j.spark;

import dev.tune4j.engine.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link Tune4jClassifier} and {@link Tune4jEmbedder} share: a text column in, columns appended, the model
 * named by a path {@code Param} (never weights in the pipeline), scored per partition in length-sorted batches
 * by a model loaded once per JVM ({@link ModelCache}).
 *
 * <p>{@link #transform} loads the model on the driver first (once per driver JVM, shared with local-mode
 * tasks), so a missing or corrupt model fails there with one line before any task runs, and the output schema
 * can depend on the model (a multi-label classifier adds a labels column).
 */
public abstract class TextTransformer extends Transformer implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> modelPath;
    private final IntParam batchSize;
    private final IntParam maxLength;
    private final Param<String> dtype;
    /** Rows scored so far, for a caller's progress report; not a Param, never saved. */
    private transient org.apache.spark.util.LongAccumulator rowsDone;

    TextTransformer(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "column of texts (string); null or empty gives null outputs");
        modelPath = new Param<>(this, "modelPath", "model directory that every executor can read (or a SparkFiles name)");
        batchSize = new IntParam(this, "batchSize", "texts per forward pass, grouped by length (> 0)",
                ParamValidators.gt(0));
        maxLength = new IntParam(this, "maxLength", "tokens kept per text; 0 = the model's own", ParamValidators.gtEq(0));
        dtype = new Param<>(this, "dtype", "encoder compute: fp32, bf16 or auto (bf16 where the CPU has it)",
                ParamValidators.inArray(List.of("fp32", "bf16", "auto")));
        setDefault(inputCol, "text");
        setDefault(batchSize, 32);
        setDefault(maxLength, 0);
        setDefault(dtype, "fp32");
    }

    static String randomUid(String prefix) {
        return Identifiable.randomUID(prefix);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() { return inputCol; }
    public Param<String> modelPath() { return modelPath; }
    public IntParam batchSize() { return batchSize; }
    public IntParam maxLength() { return maxLength; }
    public Param<String> dtype() { return dtype; }

    public String getInputCol() { return getOrDefault(inputCol); }
    public String getModelPath() { return getOrDefault(modelPath); }
    public int getBatchSize() { return (Integer) getOrDefault(batchSize); }
    public int getMaxLength() { return (Integer) getOrDefault(maxLength); }
    public String getDtype() { return getOrDefault(dtype); }

    /** Counts scored rows into {@code accumulator} (the CLI's progress bar reads it); returns this. */
    public TextTransformer countRowsIn(org.apache.spark.util.LongAccumulator accumulator) {
        this.rowsDone = accumulator;
        return this;
    }

    /**
     * Loads the model into this JVM's cache now (a caller may overlap it with Spark's start-up); a failure is left
     * for {@link #transform} to report.
     */
    public void preload() {
        try {
            if (isDefined(modelPath)) {
                prepare();
            }
        } catch (RuntimeException reportedByTransform) {
            // transform() loads again and fails with the same one-line error, where the caller expects it.
        }
    }

    Precision precision() {
        return Precision.valueOf(getDtype().toUpperCase(Locale.ROOT));
    }

    /** The driver-side model handle: output columns and the scorer that executors run. */
    abstract Scorer prepare();

    /** Output columns (name, type) that do not depend on the model; a classifier may add more in {@link #prepare}. */
    abstract List<StructField> outputFields();

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getInputCol();
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("input column '" + in + "' is not in " + String.join(", ", schema.fieldNames())
                    + "; set inputCol");
        }
        if (!schema.apply(in).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("input column '" + in + "' must be a string, got "
                    + schema.apply(in).dataType().simpleString());
        }
        StructType out = schema;
        for (StructField f : outputFields()) {
            if (java.util.Arrays.asList(schema.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("output column '" + f.name() + "' already exists; choose another name");
            }
            out = out.add(f);
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException(uid + ": modelPath is not set");
        }
        Scorer scorer = prepare();
        StructType out = dataset.schema();
        for (StructField f : scorer.fields()) {
            out = out.add(f);
        }
        int column = dataset.schema().fieldIndex(getInputCol());
        return dataset.toDF().mapPartitions(new ScorePartition(scorer, column, getBatchSize(), rowsDone), Encoders.row(out));
    }

    @Override
    public Transformer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    static List<StructField> fields(StructField... fields) {
        return new ArrayList<>(List.of(fields));
    }
}
