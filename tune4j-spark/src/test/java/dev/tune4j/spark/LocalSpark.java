package dev.tune4j.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] session for every test of this JVM: starting Spark costs seconds, and tests only read from it. */
public final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("tune4j-spark-tests")
                    .config("spark.ui.enabled", "false")
                    // Loopback only: tests open no port on another interface.
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
