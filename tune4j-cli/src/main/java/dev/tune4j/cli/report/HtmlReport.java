package dev.tune4j.cli.report;

import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.eval.MultiLabelMetrics;
import dev.tune4j.eval.RocCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Writes a run's report: {@code report.html} and the PNG charts it shows, side by side in the run
 * directory. The page needs no network; it references the charts by relative name.
 */
public final class HtmlReport {

    public static final String REPORT_HTML = "report.html";
    public static final String LOSS_PNG = "loss.png";
    public static final String ACCURACY_PNG = "accuracy.png";
    public static final String CONFUSION_PNG = "confusion.png";
    public static final String ROC_PNG = "roc.png";

    private HtmlReport() {}

    /**
     * Renders the charts that {@code data} supports, then the page, each file atomically; the page comes
     * last so that it never refers to a chart that is not there yet. Loss and accuracy charts need
     * epochs, the confusion matrix needs single-label validation metrics, and the ROC curve a binary problem
     * with both classes present; a multi-label report has neither, its page shows per-label scores. A
     * chart left over from an earlier report in the same directory that this report does not have is
     * deleted, so the directory always matches the page.
     *
     * @return the path of {@code report.html}
     */
    public static Path write(Path runDir, ReportData data) throws IOException {
        Files.createDirectories(runDir);
        Set<String> charts = new LinkedHashSet<>();
        if (!data.epochs().isEmpty()) {
            lossChart(runDir.resolve(LOSS_PNG), data.epochs());
            accuracyChart(runDir.resolve(ACCURACY_PNG), data.epochs(), accuracyName(data));
            charts.add(LOSS_PNG);
            charts.add(ACCURACY_PNG);
        }
        if (data.validation() instanceof ClassificationMetrics m) {
            Charts.confusionMatrix(runDir.resolve(CONFUSION_PNG), m.labels(), m.confusion());
            charts.add(CONFUSION_PNG);
            Optional<RocCurve> roc = m.roc();
            if (roc.isPresent()) {
                Charts.rocCurve(runDir.resolve(ROC_PNG), roc.get().fpr(), roc.get().tpr(), roc.get().auc());
                charts.add(ROC_PNG);
            }
        }
        for (String stale : List.of(LOSS_PNG, ACCURACY_PNG, CONFUSION_PNG, ROC_PNG)) {
            if (!charts.contains(stale)) {
                Files.deleteIfExists(runDir.resolve(stale));
            }
        }
        Path html = runDir.resolve(REPORT_HTML);
        AtomicFiles.writeString(html, HtmlPage.render(data, charts));
        return html;
    }

    private static void lossChart(Path png, List<EpochRow> epochs) throws IOException {
        List<Series> series = new ArrayList<>();
        series.add(column("train loss", epochs, EpochRow::trainLoss));
        Series val = column("validation loss", epochs, EpochRow::valLoss);
        if (hasFinite(val)) {
            series.add(val);
        }
        Charts.lineChart(png, "Loss", "epoch", "loss", series);
    }

    private static void accuracyChart(Path png, List<EpochRow> epochs, String name) throws IOException {
        Charts.lineChart(png, "Validation " + name, "epoch", name, List.of(column("validation " + name, epochs,
                EpochRow::valAccuracy)));
    }

    /** What an epoch's accuracy is: for multi-label, the share of examples whose whole label set is right. */
    static String accuracyName(ReportData data) {
        return data.validation() instanceof MultiLabelMetrics ? "subset accuracy" : "accuracy";
    }

    private static Series column(String name, List<EpochRow> epochs, ToDoubleFunction<EpochRow> f) {
        double[] x = new double[epochs.size()];
        double[] y = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = epochs.get(i).epoch();
            y[i] = f.applyAsDouble(epochs.get(i));
        }
        return new Series(name, x, y);
    }

    private static boolean hasFinite(Series s) {
        for (int i = 0; i < s.size(); i++) {
            if (s.isFinite(i)) {
                return true;
            }
        }
        return false;
    }
}
