package dev.tune4j.train;

import java.util.Locale;

/** What "best epoch" means. */
public enum Metric {
    VAL_LOSS(false), ACCURACY(true), MACRO_F1(true);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    public boolean better(double candidate, double incumbent) {
        return higherIsBetter ? candidate > incumbent : candidate < incumbent;
    }

    public double of(EpochMetrics m) {
        return switch (this) {
            case VAL_LOSS -> m.valLoss();
            case ACCURACY -> m.valAccuracy();
            case MACRO_F1 -> m.valMacroF1();
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
