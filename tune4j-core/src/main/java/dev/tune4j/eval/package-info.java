/**
 * Evaluation metrics for classifiers ({@link dev.tune4j.eval.Metrics}): single-label
 * ({@link dev.tune4j.eval.ClassificationMetrics}) and multi-label ({@link dev.tune4j.eval.MultiLabelMetrics}),
 * with JSON and plain-text renderings.
 *
 * <p>Pure Java with no engine dependency, so metrics can be computed from probabilities saved by any
 * run. Conventions follow scikit-learn where it has one: a ratio whose denominator is zero is 0
 * ({@code zero_division=0}), macro averages include every label, and ROC-AUC treats tied scores as
 * half-correct.
 */
package dev.tune4j.eval;
