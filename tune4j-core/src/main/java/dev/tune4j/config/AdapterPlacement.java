package dev.tune4j.config;

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

    public static AdapterPlacement fromCliName(String name) {
        return Arrays.stream(values()).filter(p -> p.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown adapter placement '" + name + "'; expected "
                        + Arrays.stream(values()).map(AdapterPlacement::cliName).collect(Collectors.joining(" or "))));
    }
}
