package dev.tune4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.StructField;

/**
 * What a task needs to score texts: the columns it appends, and how to fill them. Serialized into each task, so
 * it holds the model's path and weights hash, never the model (each JVM loads that once, {@link ModelCache}).
 */
interface Scorer extends Serializable {

    /** The appended columns, in order. */
    List<StructField> fields();

    /** One row of appended values per text, in the order of {@code texts} (none null or empty). */
    Object[][] score(List<String> texts);
}
