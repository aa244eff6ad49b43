package dev.tune4j.train;

import java.util.Locale;

/** A published setup that a run reproduces, recorded in {@code run.json} as {@code "recipe"}. */
public enum Recipe {
    /** The technique's own defaults ({@link TrainConfig#builder}). */
    NONE,
    /**
     * The reference tutorial ({@link TrainConfig#seedRecipe()}): frozen bert-base-uncased, an MLP head on [CLS],
     * AdamW 1e-5 constant, batch 32, 5 epochs, max length 250 (head), best validation loss.
     */
    SEED;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Recipe fromCliName(String name) {
        for (Recipe r : values()) {
            if (r.cliName().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown recipe '" + name + "'; the only recipe is 'seed'");
    }
}
