package dev.tune4j.spark.cli;

import dev.tune4j.cli.ProgressBar;
import dev.tune4j.spark.SparkProgress;
import dev.tune4j.spark.TextTransformer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What {@code spark predict} and {@code spark embed} share: read the table, score it with a transformer, turn
 * vectors into arrays, write every input column plus the new ones, in input order, with progress on stderr.
 */
final class ScoreJob {

    /** Rows per task: a few progress steps even for small inputs, and chunks long enough to sort by length. */
    private static final int ROWS_PER_TASK = 256;
    private static final int MAX_TASKS = 4_000;
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
        SparkSession spark = options.start();
        try {
            Dataset<Row> table = Tables.read(spark, input);
            // Plans the job and loads the model on the driver: a bad model or column fails here, before any task.
            transformer.transformSchema(table.schema());
            Dataset<Row> numbered = table.withColumn(ROW, functions.monotonically_increasing_id());
            transformer.transform(numbered);
            long total = table.count();
            int tasks = (int) Math.max(spark.sparkContext().defaultParallelism(),
                    Math.min(MAX_TASKS, (total + ROWS_PER_TASK - 1) / ROWS_PER_TASK));
            // Range partitions of the row number keep the input order across partitions and part files.
            Dataset<Row> spread = numbered.repartitionByRange(tasks, functions.col(ROW)).sortWithinPartitions(ROW);
            try (SparkProgress progress = SparkProgress.start(spark, new ProgressBar(System.err), phase, total)) {
                Dataset<Row> scored = transformer.countRowsIn(progress.accumulator()).transform(spread);
                for (String c : vectorColumns) {
                    // vector_to_array refuses nulls, which empty texts give.
                    scored = scored.withColumn(c, functions.when(functions.col(c).isNull(), functions.lit(null))
                            .otherwise(org.apache.spark.ml.functions.vector_to_array(functions.col(c), "float64")));
                }
                // One file from a local run: a single sorted partition after the parallel scoring stage.
                Dataset<Row> result = options.local() ? scored.repartition(1).sortWithinPartitions(ROW) : scored;
                Tables.write(result.drop(ROW), output, options.local());
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
}
