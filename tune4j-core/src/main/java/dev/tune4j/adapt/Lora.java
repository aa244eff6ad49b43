package dev.tune4j.adapt;

import com.google.gson.JsonObject;
import dev.tune4j.config.Additions;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.model.ParameterNames;

/**
 * LoRA on the targeted Linear layers; only A, B and the head train, the pretrained weights stay frozen
 * and bit-identical. Learning rate: LoRA tolerates (and needs) far more than full fine-tuning; Hu et al.
 * used 4e-4…5e-4 for RoBERTa-base on GLUE.
 */
public record Lora(LoraConfig config) implements Technique {

    public Lora {
        if (config == null) {
            throw new IllegalArgumentException("LoRA config must be set");
        }
    }

    public static Lora standard() {
        return new Lora(LoraConfig.DEFAULT);
    }

    @Override
    public String cliName() {
        return "lora";
    }

    @Override
    public boolean frozenBackbone() {
        return false;
    }

    @Override
    public TechniqueDefaults defaults() {
        return new TechniqueDefaults(5e-4f, 16, 3, 0.1f, true, 1f, 0);
    }

    @Override
    public Additions additions() {
        return Additions.of(config);
    }

    @Override
    public boolean trains(String key) {
        return key.startsWith("classifier.") || ParameterNames.isLora(key);
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = Technique.super.toJson();
        o.add("lora", config.toJson());
        return o;
    }
}
