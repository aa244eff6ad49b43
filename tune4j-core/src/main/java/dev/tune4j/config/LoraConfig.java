package dev.tune4j.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * LoRA (Hu et al. 2021) on chosen Linear layers: {@code y = base(x) + B(A(dropout(x)))·alpha/r}.
 *
 * @param rank r, the inner width of B·A; 8 is enough for classification (Hu et al., Table 6)
 * @param alpha scale numerator; alpha/r keeps the update's size steady when r changes
 * @param dropout dropout on the LoRA branch's input only
 * @param targets the layers wrapped in every encoder layer; query and value as in the paper
 */
public record LoraConfig(int rank, float alpha, float dropout, Set<LoraTarget> targets) {

    public static final LoraConfig DEFAULT = new LoraConfig(8, 16f, 0.1f, EnumSet.of(LoraTarget.QUERY, LoraTarget.VALUE));

    public LoraConfig {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be > 0, got " + rank);
        }
        if (!(alpha > 0) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("LoRA alpha must be a positive number, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target layer, e.g. query,value");
        }
        targets = Collections.unmodifiableSet(EnumSet.copyOf(targets));
    }

    /** alpha / r, the factor on B·A. */
    public float scaling() {
        return alpha / rank;
    }

    /** Field names as in PEFT's LoraConfig, targets by their command-line names. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("r", rank);
        o.addProperty("lora_alpha", alpha);
        o.addProperty("lora_dropout", dropout);
        JsonArray t = new JsonArray();
        targets.forEach(target -> t.add(target.cliName()));
        o.add("targets", t);
        return o;
    }

    public static LoraConfig fromJson(JsonObject o) {
        Set<LoraTarget> targets = EnumSet.noneOf(LoraTarget.class);
        o.getAsJsonArray("targets").forEach(e -> targets.add(LoraTarget.fromCliName(e.getAsString())));
        return new LoraConfig(o.get("r").getAsInt(), o.get("lora_alpha").getAsFloat(), o.get("lora_dropout").getAsFloat(),
                targets);
    }
}
