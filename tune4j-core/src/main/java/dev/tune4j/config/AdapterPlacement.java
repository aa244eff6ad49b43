package dev.tune4j.config;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a layer gets bottleneck adapters. {@code BOTH} is Houlsby et al. (2019): after the attention output
 * projection and after the feed-forward output. {@code FFN}, the default, keeps only the second, which Pfeiffer
 * et al. (2021, AdapterFusion) found to match it on GLUE at half the parameters and a shorter step.
 */
public enum AdapterPlacement {
    BOTH,
    FFN;

    /** Whether the residual after the attention output projection gets an adapter. */
    public boolean afterAttention() {
        return this == BOTH;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The placement a run or checkpoint recorded under {@code key} in {@code o}; BOTH where there is none, as in
     * everything written before placements existed (and before FFN became the default).
     */
    public static AdapterPlacement recorded(JsonObject o, String key) {
        return o.has(key) ? fromCliName(o.get(key).getAsString()) : BOTH;
    }

    public static AdapterPlacement fromCliName(String name) {
        return Arrays.stream(values()).filter(p -> p.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown adapter placement '" + name + "'; expected "
                        + Arrays.stream(values()).map(AdapterPlacement::cliName).collect(Collectors.joining(" or "))));
    }
}
