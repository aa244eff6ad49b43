package dev.tune4j.spark;

import dev.tune4j.train.TrainingListener;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Reports a Spark stage's progress (rows done of a total, with rate) to a {@link TrainingListener}, as the local
 * commands report theirs: tasks add the rows they finish to an accumulator, and a daemon thread reads it twice a
 * second. Spark merges a task's count when the task ends, so the count moves in steps of one partition.
 */
public final class SparkProgress implements AutoCloseable {

    private static final long POLL_MILLIS = 500;

    private final LongAccumulator rows;
    private final TrainingListener listener;
    private final long total;
    private final Thread poller;
    private volatile boolean running = true;

    private SparkProgress(LongAccumulator rows, TrainingListener listener, String phase, long total) {
        this.rows = rows;
        this.listener = listener;
        this.total = total;
        listener.phaseStarted(phase, total, "rows");
        poller = new Thread(this::poll, "tune4j-spark-progress");
        poller.setDaemon(true);
        poller.start();
    }

    /** Starts reporting {@code phase} of {@code total} rows; pass {@link #accumulator()} to the tasks. */
    public static SparkProgress start(SparkSession spark, TrainingListener listener, String phase, long total) {
        return new SparkProgress(spark.sparkContext().longAccumulator("tune4j rows " + phase), listener, phase, total);
    }

    public LongAccumulator accumulator() {
        return rows;
    }

    private void poll() {
        long last = -1;
        while (running) {
            long done = rows.value();
            if (done != last) {
                listener.progress(Math.min(done, total), Double.NaN);
                last = done;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        try {
            poller.join(POLL_MILLIS * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.progress(Math.min(rows.value(), total), Double.NaN);
        listener.phaseEnded();
    }
}
