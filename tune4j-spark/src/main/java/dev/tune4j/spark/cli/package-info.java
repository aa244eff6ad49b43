/** {@code tune4j spark predict|embed|train}: picocli commands that run Spark in-process for local masters. */
package dev.tune4j.spark.cli;
