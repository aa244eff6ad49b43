package dev.tune4j.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * A Linear layer of every encoder layer that LoRA can wrap, named on the command line by {@link #cliName()}
 * and in a checkpoint by its path below {@code encoder.layer.N}.
 */
public enum LoraTarget {
    QUERY("query", "attention.self.query"),
    KEY("key", "attention.self.key"),
    VALUE("value", "attention.self.value"),
    ATTENTION_OUTPUT("attention.output", "attention.output.dense"),
    INTERMEDIATE("intermediate", "intermediate.dense"),
    OUTPUT("output", "output.dense");

    private final String cliName;
    private final String path;

    LoraTarget(String cliName, String path) {
        this.cliName = cliName;
        this.path = path;
    }

    /** The name on the command line ({@code --lora-targets query,value}). */
    public String cliName() {
        return cliName;
    }

    /** The module path below {@code bert.encoder.layer.N}, e.g. {@code attention.self.query}. */
    public String path() {
        return path;
    }

    public static LoraTarget fromCliName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.cliName.equals(n) || t.path.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown LoRA target '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(LoraTarget::cliName).toList()));
    }
}
