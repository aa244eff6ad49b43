/**
 * tune4j on Apache Spark: {@link dev.tune4j.spark.Tune4jClassifier} and {@link dev.tune4j.spark.Tune4jEmbedder}
 * (Spark ML transformers over the core's classifier and embedder, one model per executor JVM) and
 * {@link dev.tune4j.spark.SparkFeatureExtraction} (the frozen backbone's pass on the executors, the head trained on
 * the driver). Spark is a provided dependency; the core knows nothing of it.
 */
package dev.tune4j.spark;
