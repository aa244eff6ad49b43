package dev.tune4j.adapt;

import com.google.gson.JsonObject;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.Additions;

/**
 * Houlsby bottleneck adapters in every layer (after the feed-forward by default, or at both residuals); the
 * adapters and the head train (and the LayerNorms, if asked, as in the paper), the pretrained weights stay
 * frozen and bit-identical. A new module's
 * learning rate: 1e-4…1e-3 (Houlsby et al. searched 3e-5…3e-3); 3e-4 with warm-up is a safe start.
 *
 * @param config bottleneck width
 * @param trainLayerNorm also train every LayerNorm's weight and bias
 */
public record Adapters(AdapterConfig config, boolean trainLayerNorm) implements Technique {

    public Adapters {
        if (config == null) {
            throw new IllegalArgumentException("adapter config must be set");
        }
    }

    public static Adapters standard() {
        return new Adapters(AdapterConfig.DEFAULT, false);
    }

    @Override
    public String cliName() {
        return "adapter";
    }

    @Override
    public boolean frozenBackbone() {
        return false;
    }

    @Override
    public TechniqueDefaults defaults() {
        return new TechniqueDefaults(3e-4f, 16, 3, 0.1f, true, 1f, 0);
    }

    @Override
    public Additions additions() {
        return Additions.of(config);
    }

    @Override
    public boolean trains(String key) {
        return key.startsWith("classifier.") || key.contains(".adapter.")
                || (trainLayerNorm && key.contains("LayerNorm."));
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = Technique.super.toJson();
        o.addProperty("adapter_size", config.size());
        o.addProperty("adapter_placement", config.placement().cliName());
        o.addProperty("train_layernorm", trainLayerNorm);
        return o;
    }
}
