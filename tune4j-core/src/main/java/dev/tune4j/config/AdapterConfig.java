package dev.tune4j.config;

import com.google.gson.JsonObject;

/**
 * Houlsby et al. (2019) bottleneck adapters: {@code x + up(gelu(down(x)))}, H → size → H, after the
 * attention output projection and after the feed-forward output of every layer, before each LayerNorm.
 *
 * @param size m, the bottleneck width; 64 is the paper's middle setting
 */
public record AdapterConfig(int size) {

    public static final AdapterConfig DEFAULT = new AdapterConfig(64);

    public AdapterConfig {
        if (size <= 0) {
            throw new IllegalArgumentException("adapter size must be > 0, got " + size);
        }
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("size", size);
        return o;
    }

    public static AdapterConfig fromJson(JsonObject o) {
        return new AdapterConfig(o.get("size").getAsInt());
    }
}
