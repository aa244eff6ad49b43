package dev.tune4j.eval;

import com.google.gson.JsonObject;

/**
 * What evaluating a classifier gives: {@link ClassificationMetrics} for a single-label one,
 * {@link MultiLabelMetrics} for a multi-label one. Both count examples, average F1 over labels and
 * render as JSON and as text, which is all a caller needs that does not care which it has.
 */
public sealed interface Metrics permits ClassificationMetrics, MultiLabelMetrics {

    long examples();

    double macroF1();

    JsonObject toJson();

    String toText();
}
