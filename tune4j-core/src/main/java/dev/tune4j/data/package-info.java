/**
 * Labelled text for fine-tuning: readers for CSV, TSV, JSON Lines and JSON, label maps in Hugging Face
 * form, reproducible stratified splits and samples, and the built-in {@code imdb} data set.
 *
 * <p>Everything here is plain Java with no tensor library, so data problems surface (as a
 * {@link dev.tune4j.Tune4jException} naming the file and line) before any model is loaded. Every
 * example keeps its row index in the original file, so a split or a sample can always be traced back
 * to, or complemented against, the file it came from.
 */
package dev.tune4j.data;
