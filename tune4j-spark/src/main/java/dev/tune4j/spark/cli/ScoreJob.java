package dev.tune4j.spark.cli;

import dev.tune4j.cli.ProgressBar;
import dev.tune4j.spark.SparkProgress;
import dev.tune4j.spark.TextTransformer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;

/**
 * What {@code spark predict} and {@code spark embed} share: read the table, score it with a transformer, turn
 * vectors into arrays, write every input column plus the new ones, in input order, with progress on stderr.
 *
 * <p>With a local master everything runs as one partition: the JVM holds one model that runs one batch at a time
 * on every core ({@code ModelCache}), so more partitions would add a shuffle to restore the order and buy nothing.
 * On a cluster the input's own partitions are scored in parallel, one model per executor, and part files keep
 * their order; an input with fewer partitions than task slots is first spread by row number.
 */
final class ScoreJob {

    private static final String ROW = "__tune4j_row";

    private ScoreJob() {}

    /**
     * @param vectorColumns the transformer's vector outputs, written as arrays of doubles
     */
    static int run(SparkOptions options, String input, String output, TextTransformer transformer,
                   List<String> vectorColumns, String phase, PrintWriter out) {
        Tables.format(output); // an unknown extension fails before Spark starts
        Tables.format(input);
        long start = System.nanoTime();
        // The model loads while Spark starts: each takes seconds and neither needs the other.
        CompletableFuture<Void> model = CompletableFuture.runAsync(transformer::preload);
        SparkSession spark = options.start();
        try {
            Dataset<Row> table = Tables.read(spark, input);
            transformer.transformSchema(table.schema());
            model.join();
            LongAccumulator rows = spark.sparkContext().longAccumulator("tune4j rows " + phase);
            transformer.countRowsIn(rows);
            // Plans the job with the model loaded on the driver: a bad model fails here, before any task.
            Dataset<Row> scored = options.local() ? transformer.transform(table.coalesce(1)) : scoreSpread(spark, table, transformer);
            long total = table.count();
            for (String c : vectorColumns) {
                // vector_to_array refuses nulls, which empty texts give.
                scored = scored.withColumn(c, functions.when(functions.col(c).isNull(), functions.lit(null))
                        .otherwise(org.apache.spark.ml.functions.vector_to_array(functions.col(c), "float64")));
            }
            try (SparkProgress progress = SparkProgress.start(spark, rows, new ProgressBar(System.err), phase, total)) {
                Tables.write(options.local() ? scored : scored.drop(ROW), output, options.local());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "wrote %,d rows to %s in %.1f s (%.1f rows/s, master %s)%n", total, output, seconds,
                    total / seconds, spark.sparkContext().master());
            out.flush();
            return 0;
        } finally {
            options.stop(spark);
        }
    }

    /** On a cluster: the input's partitions, or, when too few for the task slots, range partitions of the row number. */
    private static Dataset<Row> scoreSpread(SparkSession spark, Dataset<Row> table, TextTransformer transformer) {
        int slots = spark.sparkContext().defaultParallelism();
        Dataset<Row> numbered = table.withColumn(ROW, functions.monotonically_increasing_id());
        if (table.rdd().getNumPartitions() < slots) {
            numbered = numbered.repartitionByRange(slots, functions.col(ROW)).sortWithinPartitions(ROW);
        }
        return transformer.transform(numbered);
    }
}
