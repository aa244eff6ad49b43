package dev.tune4j.data;

import java.util.Optional;

/**
 * How to read examples out of a file.
 *
 * @param textColumn     the column (CSV/TSV header or JSON key) holding the text
 * @param labelColumn    the column holding the label
 * @param stripHtml      turn {@code <br />} line breaks into spaces and unescape {@code &amp; &lt; &gt;
 *                       &quot; &#39;}; scraped reviews such as IMDB are full of them
 * @param multiLabel     each example may have several labels: a JSON array, or a string split on
 *                       {@code labelSeparator}
 * @param labelSeparator separates labels within one multi-label cell; "|" by default because commas
 *                       already separate CSV fields
 * @param fixedLabels    the labels a trained model knows, for evaluation: ids come from it and a label
 *                       outside it is an error; {@code null} to infer the labels from the data
 */
public record DataOptions(String textColumn, String labelColumn, boolean stripHtml, boolean multiLabel,
        String labelSeparator, LabelMap fixedLabels) {

    public DataOptions {
        requireNonBlank("textColumn", textColumn);
        requireNonBlank("labelColumn", labelColumn);
        if (labelSeparator == null || labelSeparator.isEmpty()) {
            throw new IllegalArgumentException("labelSeparator must not be empty, got '" + labelSeparator + "'");
        }
        if (textColumn.equals(labelColumn)) {
            throw new IllegalArgumentException("text and label columns must differ, both are '" + textColumn + "'");
        }
    }

    /** Columns "text" and "label", single-label, no HTML stripping, labels inferred. */
    public static DataOptions defaults() {
        return new DataOptions("text", "label", false, false, "|", null);
    }

    public Optional<LabelMap> fixedLabelMap() {
        return Optional.ofNullable(fixedLabels);
    }

    public DataOptions withTextColumn(String column) {
        return new DataOptions(column, labelColumn, stripHtml, multiLabel, labelSeparator, fixedLabels);
    }

    public DataOptions withLabelColumn(String column) {
        return new DataOptions(textColumn, column, stripHtml, multiLabel, labelSeparator, fixedLabels);
    }

    public DataOptions withStripHtml(boolean strip) {
        return new DataOptions(textColumn, labelColumn, strip, multiLabel, labelSeparator, fixedLabels);
    }

    public DataOptions withMultiLabel(String separator) {
        return new DataOptions(textColumn, labelColumn, stripHtml, true, separator, fixedLabels);
    }

    public DataOptions withFixedLabels(LabelMap labels) {
        return new DataOptions(textColumn, labelColumn, stripHtml, multiLabel, labelSeparator, labels);
    }

    private static void requireNonBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
        }
    }
}
