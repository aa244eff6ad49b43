package dev.tune4j.spark;

import dev.tune4j.train.TrainingListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reports a Spark stage's progress (rows done of a total, with rate) to a {@link TrainingListener}, as the local
 * commands report theirs: tasks add the rows they finish to an accumulator, and a daemon thread reads it twice a
 * second. Spark merges a task's count into the accumulator when the task ends; the counts of tasks still running
 * arrive with executor heartbeats ({@code spark.executor.heartbeatInterval}), so a long partition shows progress too.
 */
public final class SparkProgress extends SparkListener implements AutoCloseable {

    private static final long POLL_MILLIS = 500;

    private final SparkSession spark;
    private final LongAccumulator rows;
    /** Rows done so far by each running task, from heartbeats. */
    private final Map<Long, Long> running = new ConcurrentHashMap<>();
    private final TrainingListener listener;
    private final long total;
    private final Thread poller;
    private volatile boolean polling = true;

    private SparkProgress(SparkSession spark, LongAccumulator rows, TrainingListener listener, String phase, long total) {
        this.spark = spark;
        this.rows = rows;
        this.listener = listener;
        this.total = total;
        listener.phaseStarted(phase, total, "rows");
        spark.sparkContext().addSparkListener(this);
        poller = new Thread(this::poll, "tune4j-spark-progress");
        poller.setDaemon(true);
        poller.start();
    }

    /** Starts reporting {@code phase} of {@code total} rows; pass {@link #accumulator()} to the tasks. */
    public static SparkProgress start(SparkSession spark, TrainingListener listener, String phase, long total) {
        return start(spark, spark.sparkContext().longAccumulator("tune4j rows " + phase), listener, phase, total);
    }

    /** Starts reporting {@code phase} of {@code total} rows that tasks count into {@code rows}. */
    public static SparkProgress start(SparkSession spark, LongAccumulator rows, TrainingListener listener, String phase,
                                      long total) {
        return new SparkProgress(spark, rows, listener, phase, total);
    }

    public LongAccumulator accumulator() {
        return rows;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task : CollectionConverters.asJava(update.accumUpdates())) {
            for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
                if (info.id() == rows.id() && info.update().isDefined()) {
                    running.put((Long) task._1(), ((Number) info.update().get()).longValue());
                }
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
    }

    /** Rows of finished tasks plus what running tasks last reported. */
    private long done() {
        return rows.value() + running.values().stream().mapToLong(Long::longValue).sum();
    }

    private void poll() {
        long last = -1;
        while (polling) {
            long done = done();
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
        polling = false;
        spark.sparkContext().removeSparkListener(this);
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
