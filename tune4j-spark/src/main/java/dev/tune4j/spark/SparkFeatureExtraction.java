package dev.tune4j.spark;

import dev.tune4j.Classifier;
import dev.tune4j.Tune4jException;
import dev.tune4j.data.Dataset;
import dev.tune4j.engine.Precision;
import dev.tune4j.train.FeatureCache;
import dev.tune4j.train.FrozenFeatures;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Feature-extraction training with the frozen backbone's pass on Spark: every distinct text's feature vector is
 * computed on the executors (each loads the backbone once), optionally kept in Parquet keyed as the local feature
 * cache is (file name from model hash, pooling, truncation, length and precision; rows by SHA-256 of the text), then
 * the head trains on the driver with the core's trainer from those features. The run directory is a local run's.
 */
public final class SparkFeatureExtraction {

    /** Rows per task: small enough for steady progress, large enough for length-sorted batches to pay. */
    static final int ROWS_PER_TASK = 256;
    static final StructType FEATURE_SCHEMA = new StructType().add("key", DataTypes.StringType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    private static final StructType TEXT_SCHEMA = new StructType().add("key", DataTypes.StringType, false)
            .add("text", DataTypes.StringType, false);

    private SparkFeatureExtraction() {}

    /**
     * Splits, computes features on Spark, trains the head here and writes {@code runDir}.
     *
     * @param featuresDir a directory (any Hadoop path) for Parquet feature stores reused across runs, or null
     */
    public static Classifier.Run train(SparkSession spark, TrainConfig config, Dataset data, Path runDir,
                                       TrainingListener listener, String featuresDir) {
        if (!config.technique().featuresOnce()) {
            throw new Tune4jException("spark train computes frozen-backbone features on the executors, so it runs "
                    + "--method feature-extraction only, not " + config.technique().cliName());
        }
        Precision precision = config.precision(listener::log);
        FrozenFeatures backbone = ModelCache.features(config, precision);
        Map<String, String> texts = new LinkedHashMap<>();
        data.texts().forEach(t -> texts.putIfAbsent(FeatureCache.key(t), t));
        FeatureCache cache = FeatureCache.inMemory(backbone.dimension());
        String store = featuresDir == null ? null
                : featuresDir.replaceAll("/+$", "") + "/" + backbone.cacheName().replace(".f32", ".parquet");
        if (store != null) {
            int found = readStore(spark, store, texts, cache);
            listener.log(String.format(Locale.ROOT, "feature store %s: %,d of %,d texts found", store, found, texts.size()));
        }
        List<Row> missing = new ArrayList<>();
        texts.forEach((key, text) -> {
            if (cache.get(key) == null) {
                missing.add(RowFactory.create(key, text));
            }
        });
        if (!missing.isEmpty()) {
            listener.log(String.format(Locale.ROOT, "computing features of %,d texts on Spark (%s) in %s", missing.size(),
                    spark.sparkContext().master(), precision.name().toLowerCase(Locale.ROOT)));
            List<Row> computed = compute(spark, config, precision, missing, listener);
            computed.forEach(r -> cache.putAll(List.of(r.getString(0)), List.of(floats(r.getList(1)))));
            if (store != null) {
                spark.createDataFrame(computed, FEATURE_SCHEMA).write().mode(SaveMode.Append).parquet(store);
            }
        }
        return Classifier.train(config, data, runDir, listener, cache);
    }

    private static List<Row> compute(SparkSession spark, TrainConfig config, Precision precision, List<Row> rows,
                                     TrainingListener listener) {
        int partitions = Math.max(spark.sparkContext().defaultParallelism(), (rows.size() + ROWS_PER_TASK - 1) / ROWS_PER_TASK);
        org.apache.spark.sql.Dataset<Row> frame = spark.createDataFrame(rows, TEXT_SCHEMA).repartition(partitions);
        try (SparkProgress progress = SparkProgress.start(spark, listener, "features", rows.size())) {
            return frame.mapPartitions(new FeaturePartition(config.toJson().toString(), precision, progress.accumulator()),
                    org.apache.spark.sql.Encoders.row(FEATURE_SCHEMA)).collectAsList();
        }
    }

    /** Adds the stored vectors of {@code texts} to {@code cache}; returns how many were found. */
    private static int readStore(SparkSession spark, String store, Map<String, String> texts, FeatureCache cache) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(store);
            if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                return 0; // not written yet
            }
        } catch (java.io.IOException e) {
            throw new Tune4jException(store + ": cannot read the feature store (" + e.getMessage() + ")", e);
        }
        org.apache.spark.sql.Dataset<Row> stored = spark.read().schema(FEATURE_SCHEMA).parquet(store);
        List<Row> keys = texts.keySet().stream().map(k -> RowFactory.create(k)).toList();
        org.apache.spark.sql.Dataset<Row> wanted = spark.createDataFrame(keys,
                new StructType().add("key", DataTypes.StringType, false));
        int found = 0;
        for (Row r : stored.join(functions.broadcast(wanted), "key").dropDuplicates("key").collectAsList()) {
            cache.putAll(List.of(r.getString(0)), List.of(floats(r.getList(1))));
            found++;
        }
        return found;
    }

    private static float[] floats(List<Float> values) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }
}
