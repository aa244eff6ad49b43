package dev.tune4j.cli.report;

import static dev.tune4j.cli.report.Html.escape;
import static dev.tune4j.cli.report.Html.number;

import dev.tune4j.eval.AverageScore;
import dev.tune4j.eval.ClassScore;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.eval.MultiLabelMetrics;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report page as one self-contained HTML string: inline CSS, no scripts, no fonts or other network
 * resources, images referenced by relative file name so the run directory can be moved or zipped.
 */
final class HtmlPage {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;\
            margin:0;background:#f6f7f9}
            main{max-width:1080px;margin:0 auto;padding:24px 32px 48px;background:#fff}
            h1{font-size:1.8em;margin:.2em 0 .6em}h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #ddd;\
            padding-bottom:.2em}
            table{border-collapse:collapse;margin:.8em 0;font-variant-numeric:tabular-nums}
            th,td{padding:.35em .8em;border:1px solid #ddd;text-align:right}
            th{background:#f0f2f5}th.name,td.name{text-align:left}
            table.summary th{text-align:left;width:14em}table.summary td{text-align:left}
            tr.best td{background:#fff7d6;font-weight:600}tr.avg td{background:#fafafa}
            td.cell{min-width:3.5em;text-align:center}
            figure{margin:1em 0}img{max-width:100%;height:auto;border:1px solid #eee}
            pre{background:#f6f8fa;border:1px solid #e3e3e3;padding:1em;overflow:auto;font-size:.85em}
            .note{color:#666;font-size:.9em}
            """;

    private final StringBuilder out = new StringBuilder(16_384);

    /** The page for {@code data}, showing the chart files named in {@code charts}. */
    static String render(ReportData data, Set<String> charts) {
        HtmlPage page = new HtmlPage();
        page.head(data.title());
        page.summary(data.summary());
        page.curves(charts, HtmlReport.accuracyName(data));
        if (data.validation() instanceof ClassificationMetrics m) {
            page.validation(m, charts);
        } else if (data.validation() instanceof MultiLabelMetrics m) {
            page.validation(m);
        }
        page.epochs(data.epochs(), HtmlReport.accuracyName(data));
        page.provenance(data.provenanceJson());
        page.out.append("</main>\n</body>\n</html>\n");
        return page.out.toString();
    }

    private void head(String title) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
    }

    private void summary(Map<String, String> summary) {
        out.append("<section>\n<h2>Summary</h2>\n<table class=\"summary\">\n");
        summary.forEach((k, v) -> out.append("<tr><th scope=\"row\">").append(escape(k)).append("</th><td>")
                .append(escape(v)).append("</td></tr>\n"));
        out.append("</table>\n</section>\n");
    }

    private void curves(Set<String> charts, String accuracyName) {
        if (!charts.contains(HtmlReport.LOSS_PNG) && !charts.contains(HtmlReport.ACCURACY_PNG)) {
            return;
        }
        out.append("<section>\n<h2>Training curves</h2>\n");
        image(charts, HtmlReport.LOSS_PNG, "Training and validation loss per epoch", Charts.WIDTH, Charts.HEIGHT);
        image(charts, HtmlReport.ACCURACY_PNG, "Validation " + accuracyName + " per epoch", Charts.WIDTH, Charts.HEIGHT);
        out.append("</section>\n");
    }

    private void validation(ClassificationMetrics m, Set<String> charts) {
        out.append("<section>\n<h2>Validation</h2>\n");
        scoreHeader();
        for (ClassScore s : m.perClass()) {
            scoreRow("", s.label(), s.precision(), s.recall(), s.f1(), s.support());
        }
        long n = m.examples();
        out.append("<tr class=\"avg\"><td class=\"name\">accuracy</td><td></td><td></td><td>")
                .append(number(m.accuracy(), 4)).append("</td><td>").append(n).append("</td></tr>\n");
        average("macro avg", m.macro(), n);
        average("weighted avg", m.weighted(), n);
        out.append("</table>\n<p>Log loss ").append(number(m.logLoss(), 4));
        m.rocAuc().ifPresent(auc -> out.append(" · ROC-AUC ").append(number(auc, 4)));
        out.append("</p>\n");
        confusion(m.labels(), m.confusion());
        image(charts, HtmlReport.CONFUSION_PNG, "Confusion matrix heat map", 0, 0);
        image(charts, HtmlReport.ROC_PNG, "ROC curve", Charts.ROC_WIDTH, Charts.ROC_HEIGHT);
        out.append("</section>\n");
    }

    /** Per-label scores, micro and macro averages and the set metrics; no charts, which are single-label ones. */
    private void validation(MultiLabelMetrics m) {
        out.append("<section>\n<h2>Validation</h2>\n<p class=\"note\">Multi-label: a label is predicted when its ")
                .append("probability is at least ").append(m.threshold()).append("; support counts the examples ")
                .append("that carry it.</p>\n");
        scoreHeader();
        long support = 0;
        for (ClassScore s : m.perLabel()) {
            scoreRow("", s.label(), s.precision(), s.recall(), s.f1(), s.support());
            support += s.support();
        }
        average("micro avg", m.micro(), support);
        average("macro avg", m.macro(), support);
        out.append("</table>\n<p>Subset accuracy ").append(number(m.subsetAccuracy(), 4)).append(" · Hamming loss ")
                .append(number(m.hammingLoss(), 4)).append(" · ").append(m.examples()).append(" examples</p>\n")
                .append("</section>\n");
    }

    private void scoreHeader() {
        out.append("<table>\n<tr><th class=\"name\">label</th><th>precision</th><th>recall</th><th>F1</th>")
                .append("<th>support</th></tr>\n");
    }

    private void average(String name, AverageScore a, long support) {
        scoreRow(" class=\"avg\"", name, a.precision(), a.recall(), a.f1(), support);
    }

    private void scoreRow(String rowClass, String name, double p, double r, double f1, long support) {
        out.append("<tr").append(rowClass).append("><td class=\"name\">").append(escape(name)).append("</td><td>")
                .append(number(p, 4)).append("</td><td>").append(number(r, 4)).append("</td><td>")
                .append(number(f1, 4)).append("</td><td>").append(support).append("</td></tr>\n");
    }

    /** The confusion matrix as a table, each cell shaded by its share of the true row like the PNG. */
    private void confusion(List<String> labels, long[][] counts) {
        out.append("<h3>Confusion matrix</h3>\n<p class=\"note\">Rows are true labels, columns predicted labels; ")
                .append("shading and percentages are shares of the row.</p>\n<table>\n")
                .append("<tr><th class=\"name\">true \\ predicted</th>");
        labels.forEach(l -> out.append("<th>").append(escape(l)).append("</th>"));
        out.append("</tr>\n");
        for (int t = 0; t < labels.size(); t++) {
            long support = 0;
            for (long c : counts[t]) {
                support += c;
            }
            out.append("<tr><th class=\"name\" scope=\"row\">").append(escape(labels.get(t))).append("</th>");
            for (long c : counts[t]) {
                double share = support == 0 ? 0 : (double) c / support;
                Color bg = HeatMap.shade(share);
                String ink = share > 0.5 ? "#fff" : "#222";
                String pct = support == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
                out.append("<td class=\"cell\" style=\"background:").append(Html.css(bg)).append(";color:")
                        .append(ink).append("\" title=\"").append(pct).append("\">").append(c).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private void epochs(List<EpochRow> epochs, String accuracyName) {
        if (epochs.isEmpty()) {
            return;
        }
        out.append("<section>\n<h2>Epochs</h2>\n<table>\n<tr><th>epoch</th><th>train loss</th><th>val loss</th>")
                .append("<th>val ").append(accuracyName).append("</th><th>learning rate</th><th>seconds</th>")
                .append("<th class=\"name\"></th></tr>\n");
        for (EpochRow e : epochs) {
            out.append(e.best() ? "<tr class=\"best\">" : "<tr>").append("<td>").append(e.epoch()).append("</td><td>")
                    .append(number(e.trainLoss(), 4)).append("</td><td>").append(number(e.valLoss(), 4))
                    .append("</td><td>").append(number(e.valAccuracy(), 4)).append("</td><td>")
                    .append(Html.scientific(e.learningRate())).append("</td><td>").append(number(e.seconds(), 1))
                    .append("</td><td class=\"name\">").append(e.best() ? "best" : "").append("</td></tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    private void provenance(String json) {
        out.append("<section>\n<h2>Provenance</h2>\n");
        if (json == null || json.isBlank()) {
            out.append("<p class=\"note\">No provenance was recorded.</p>\n");
        } else {
            out.append("<pre>").append(escape(json)).append("</pre>\n");
        }
        out.append("</section>\n");
    }

    /** An image if it was rendered; width and height (0 for unknown) reserve its space while loading. */
    private void image(Set<String> charts, String file, String alt, int width, int height) {
        if (!charts.contains(file)) {
            return;
        }
        out.append("<figure><img src=\"").append(escape(file)).append("\" alt=\"").append(escape(alt)).append('"');
        if (width > 0) {
            out.append(" width=\"").append(width).append("\" height=\"").append(height).append('"');
        }
        out.append("></figure>\n");
    }
}
