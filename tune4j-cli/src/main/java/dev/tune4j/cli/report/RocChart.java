package dev.tune4j.cli.report;

import java.awt.Color;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.Locale;

/** A ROC curve on the unit square with the chance diagonal and the shaded area under the curve. */
final class RocChart {

    private static final Color CURVE = LineChart.PALETTE[0];

    private RocChart() {}

    static void draw(Canvas canvas, double[] fpr, double[] tpr, double auc) {
        String name = String.format(Locale.ROOT, "ROC (AUC = %.4f)", auc);
        Legend legend = new Legend(canvas, List.of(
                new Legend.Entry(name, CURVE, Marker.NONE, false),
                new Legend.Entry("chance", Color.GRAY, Marker.NONE, true)));
        PlotFrame frame = new PlotFrame(canvas, n -> new Axis(0, 1, 0.2), n -> new Axis(0, 1, 0.2), legend.width());
        frame.draw("ROC curve", "false positive rate", "true positive rate");
        var g = canvas.g;
        Path2D.Double area = new Path2D.Double();
        area.moveTo(frame.px(fpr[0]), frame.py(0));
        for (int i = 0; i < fpr.length; i++) {
            area.lineTo(frame.px(fpr[i]), frame.py(tpr[i]));
        }
        area.lineTo(frame.px(fpr[fpr.length - 1]), frame.py(0));
        area.closePath();
        g.setColor(new Color(CURVE.getRed(), CURVE.getGreen(), CURVE.getBlue(), 40));
        g.fill(area);
        g.setColor(Color.GRAY);
        g.setStroke(Legend.stroke(true));
        g.draw(new Line2D.Double(frame.px(0), frame.py(0), frame.px(1), frame.py(1)));
        LineChart.drawSeries(canvas, frame, new Series(name, fpr, tpr), CURVE,
                fpr.length <= 30 ? Marker.CIRCLE : Marker.NONE);
        legend.draw(frame.plot.getMaxX() + 24, frame.plot.y);
    }
}
