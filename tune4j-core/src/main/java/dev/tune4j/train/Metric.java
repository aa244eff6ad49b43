package dev.tune4j.train;

import java.util.Locale;

/** What "best epoch" means; for multi-label, accuracy is subset accuracy and F1 counts labels at or over 0.5. */
public enum Metric {
    VAL_LOSS(false), ACCURACY(true), MACRO_F1(true), MICRO_F1(true);

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
            case MICRO_F1 -> m.valMicroF1();
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
