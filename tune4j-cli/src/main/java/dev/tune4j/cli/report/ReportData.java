package dev.tune4j.cli.report;

import dev.tune4j.eval.Metrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training report shows.
 *
 * @param title the page title, e.g. the run name
 * @param summary headline facts in display order (model, method, data, examples, epochs, best epoch,
 *     accuracy, wall time, throughput...); values are already formatted
 * @param epochs one row per epoch, in order; may be empty
 * @param validation metrics of the kept model on the validation set (single- or multi-label), or null when
 *     there was none
 * @param provenanceJson pretty-printed JSON describing how the run was produced, or null
 */
public record ReportData(
        String title,
        Map<String, String> summary,
        List<EpochRow> epochs,
        Metrics validation,
        String provenanceJson) {

    public ReportData {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a report needs a title");
        }
        // Map.copyOf would lose the caller's order, which is the display order.
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        summary.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("summary keys and values must not be null: " + k + " = " + v);
            }
        });
        epochs = List.copyOf(epochs);
    }
}
