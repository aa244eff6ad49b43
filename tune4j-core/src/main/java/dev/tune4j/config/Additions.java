package dev.tune4j.config;

import com.google.gson.JsonObject;

/**
 * Modules that adapter techniques add to the pretrained architecture. The plain model has
 * {@link #NONE}, and so no parameter that a pretrained checkpoint lacks.
 *
 * @param adapters Houlsby adapters in every layer, or null for none
 * @param lora LoRA wrappers on the targeted Linear layers, or null for none
 */
public record Additions(AdapterConfig adapters, LoraConfig lora) {

    public static final Additions NONE = new Additions(null, null);

    public static Additions of(AdapterConfig adapters) {
        return new Additions(adapters, null);
    }

    public static Additions of(LoraConfig lora) {
        return new Additions(null, lora);
    }

    public boolean isNone() {
        return adapters == null && lora == null;
    }

    public boolean wraps(LoraTarget target) {
        return lora != null && lora.targets().contains(target);
    }

    public Additions withoutLora() {
        return new Additions(adapters, null);
    }

    /** {@code {"adapters": {...}, "lora": {...}}}, each only when present. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        if (adapters != null) {
            o.add("adapters", adapters.toJson());
        }
        if (lora != null) {
            o.add("lora", lora.toJson());
        }
        return o;
    }

    /** Reads what {@link #toJson()} wrote; an object without either key is {@link #NONE}. */
    public static Additions fromJson(JsonObject o) {
        return new Additions(o.has("adapters") ? AdapterConfig.fromJson(o.getAsJsonObject("adapters")) : null,
                o.has("lora") ? LoraConfig.fromJson(o.getAsJsonObject("lora")) : null);
    }
}
