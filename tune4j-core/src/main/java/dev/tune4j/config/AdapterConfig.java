package dev.tune4j.config;

import com.google.gson.JsonObject;

/**
 * Houlsby et al. (2019) bottleneck adapters: {@code x + up(gelu(down(x)))}, H → size → H, before a
 * residual's LayerNorm, 2·H·m + H + m parameters each.
 *
 * <p>By default one per layer, after the feed-forward output (Pfeiffer et al. 2021): at m = 64 on bert-base
 * that is 1,189,632 parameters, a 1.45% checkpoint with the head and a step 1.54× faster than full
 * fine-tuning, at the accuracy of two per layer on IMDB (81.4% and 81.3%, bench/RESULTS.md).
 * {@link AdapterPlacement#BOTH} adds Houlsby's second adapter after the attention output projection.
 *
 * @param size m, the bottleneck width; 64 is the paper's middle setting
 * @param placement which of the two residuals of a layer get one
 */
public record AdapterConfig(int size, AdapterPlacement placement) {

    public static final AdapterConfig DEFAULT = new AdapterConfig(64, AdapterPlacement.FFN);

    public AdapterConfig {
        if (size <= 0) {
            throw new IllegalArgumentException("adapter size must be > 0, got " + size);
        }
        if (placement == null) {
            throw new IllegalArgumentException("adapter placement must be set");
        }
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("size", size);
        o.addProperty("placement", placement.cliName());
        return o;
    }

    public static AdapterConfig fromJson(JsonObject o) {
        return new AdapterConfig(o.get("size").getAsInt(), AdapterPlacement.recorded(o, "placement"));
    }
}
