package dev.tune4j.config;

import com.google.gson.JsonObject;

/**
 * Houlsby et al. (2019) bottleneck adapters: {@code x + up(gelu(down(x)))}, H → size → H, before a
 * residual's LayerNorm; by default after the attention output projection and after the feed-forward output
 * of every layer, 2 · (2·H·m + H + m) parameters per layer.
 *
 * @param size m, the bottleneck width; 64 is the paper's middle setting
 * @param placement which of the two residuals of a layer get one
 */
public record AdapterConfig(int size, AdapterPlacement placement) {

    public static final AdapterConfig DEFAULT = new AdapterConfig(64, AdapterPlacement.BOTH);

    public AdapterConfig {
        if (size <= 0) {
            throw new IllegalArgumentException("adapter size must be > 0, got " + size);
        }
        if (placement == null) {
            throw new IllegalArgumentException("adapter placement must be set");
        }
    }

    /** Adapters of width {@code size} at both residuals of every layer, as in the paper. */
    public AdapterConfig(int size) {
        this(size, AdapterPlacement.BOTH);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("size", size);
        o.addProperty("placement", placement.cliName());
        return o;
    }

    /** Checkpoints written before placements existed have adapters at both residuals. */
    public static AdapterConfig fromJson(JsonObject o) {
        return new AdapterConfig(o.get("size").getAsInt(), o.has("placement")
                ? AdapterPlacement.fromCliName(o.get("placement").getAsString()) : AdapterPlacement.BOTH);
    }
}
