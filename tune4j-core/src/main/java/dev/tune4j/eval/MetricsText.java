package dev.tune4j.eval;

import java.util.List;
import java.util.Locale;

/** Plain-text tables in the layout of scikit-learn's {@code classification_report}, with 4 decimals. */
final class MetricsText {

    private final StringBuilder out = new StringBuilder();
    private final int nameWidth;

    /** A table whose first column fits every name in {@code names} and the average rows' titles. */
    MetricsText(List<String> names) {
        int width = "weighted avg".length();
        for (String name : names) {
            width = Math.max(width, name.length());
        }
        nameWidth = width;
    }

    MetricsText header() {
        out.append(String.format(Locale.ROOT, "%" + nameWidth + "s %10s %10s %10s %10s%n%n",
                "", "precision", "recall", "f1-score", "support"));
        return this;
    }

    MetricsText row(String name, double precision, double recall, double f1, long support) {
        out.append(String.format(Locale.ROOT, "%" + nameWidth + "s %10.4f %10.4f %10.4f %10d%n",
                name, precision, recall, f1, support));
        return this;
    }

    MetricsText row(ClassScore score) {
        return row(score.label(), score.precision(), score.recall(), score.f1(), score.support());
    }

    MetricsText row(String name, AverageScore average, long support) {
        return row(name, average.precision(), average.recall(), average.f1(), support);
    }

    /** A row with only an F1-column value, as scikit-learn prints accuracy. */
    MetricsText single(String name, double value, long support) {
        out.append(String.format(Locale.ROOT, "%" + nameWidth + "s %10s %10s %10.4f %10d%n",
                name, "", "", value, support));
        return this;
    }

    MetricsText line(String text) {
        out.append(text).append(System.lineSeparator());
        return this;
    }

    MetricsText blank() {
        return line("");
    }

    /** A confusion matrix with rows for gold labels and columns for predictions, both named. */
    MetricsText confusion(List<String> labels, long[][] counts) {
        line("confusion matrix (rows: true, columns: predicted)");
        int cell = 5;
        for (int i = 0; i < labels.size(); i++) {
            cell = Math.max(cell, labels.get(i).length());
            for (long c : counts[i]) {
                cell = Math.max(cell, Long.toString(c).length());
            }
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%" + nameWidth + "s", ""));
        for (String label : labels) {
            head.append(String.format(Locale.ROOT, " %" + cell + "s", label));
        }
        line(head.toString());
        for (int i = 0; i < labels.size(); i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%" + nameWidth + "s", labels.get(i)));
            for (long c : counts[i]) {
                row.append(String.format(Locale.ROOT, " %" + cell + "d", c));
            }
            line(row.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
