package dev.tune4j.spark.cli;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** {@code --master}: where Spark runs. Local masters run in this process; spark-submit sets its own. */
final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], local[*] (in this process) or a cluster URL; default: spark-submit's "
                    + "master if set, else local[*].")
    String master;

    String master() {
        return master != null ? master : System.getProperty("spark.master", "local[*]");
    }

    boolean local() {
        return master().startsWith("local");
    }

    /** Stops {@code spark} unless it was running before {@link #start} (a host application's or a test's session). */
    void stop(SparkSession spark) {
        if (!reused) {
            spark.stop();
        }
    }

    private boolean reused;

    SparkSession start() {
        reused = SparkSession.getDefaultSession().isDefined();
        SparkSession.Builder b = SparkSession.builder().appName("tune4j").master(master());
        if (local()) {
            // In-process: no web UI to start, and nothing listening beyond loopback.
            b.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "8")
                    // Running tasks report their row counts with each heartbeat: live progress.
                    .config("spark.executor.heartbeatInterval", "2s");
        }
        return b.getOrCreate();
    }
}
