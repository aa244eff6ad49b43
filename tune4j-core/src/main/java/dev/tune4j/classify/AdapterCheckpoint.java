package dev.tune4j.classify;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.tune4j.AtomicFiles;
import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.config.ModelFamily;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.hub.ModelHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files of an adapter-only checkpoint: the trained weights alone, in Hugging Face PEFT's layout.
 *
 * <p>{@code adapter_model.safetensors} holds each trained parameter under its model key prefixed with
 * {@code base_model.model.} (PEFT's names once it strips the adapter name {@code default}), e.g.
 * {@code base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight} (r, in) and
 * {@code base_model.model.classifier.weight}. For LoRA, {@code adapter_config.json} is PEFT's LoraConfig,
 * so {@code PeftModel.from_pretrained(BertForSequenceClassification...)} loads it when the head is
 * Hugging Face's (linear on the pooler). The base model is found again by name and checked by SHA-256.
 */
final class AdapterCheckpoint {

    static final String WEIGHTS = "adapter_model.safetensors";
    static final String PEFT_CONFIG = "adapter_config.json";
    static final String PEFT_PREFIX = "base_model.model.";

    private AdapterCheckpoint() {}

    static boolean isIn(Path dir) {
        return Files.isRegularFile(dir.resolve(WEIGHTS)) && !Files.isRegularFile(dir.resolve("model.safetensors"));
    }

    /** Writes the weights (model keys) and, for LoRA, PEFT's config; returns the weights' SHA-256. */
    static String write(Path dir, Map<String, HostTensor> tensors, LoraConfig lora, String baseModel, ModelFamily family)
            throws IOException {
        Map<String, HostTensor> peft = new LinkedHashMap<>();
        tensors.forEach((key, t) -> peft.put(PEFT_PREFIX + key, t));
        Safetensors.write(dir.resolve(WEIGHTS), peft, Map.of("format", "pt"));
        if (lora != null) {
            AtomicFiles.writeString(dir.resolve(PEFT_CONFIG), new GsonBuilder().setPrettyPrinting().serializeNulls().create()
                    .toJson(peftConfig(lora, baseModel, family, tensors.keySet())) + "\n");
        }
        return Sha256.of(dir.resolve(WEIGHTS));
    }

    /** The trained weights by model key, after checking them against the SHA-256 recorded at save time. */
    static Map<String, HostTensor> read(Path dir, String sha256) {
        Path file = dir.resolve(WEIGHTS);
        String actual = Sha256.of(file);
        if (sha256 != null && !sha256.equals(actual)) {
            throw new Tune4jException(file + ": SHA-256 is " + actual + " but config.json records " + sha256
                    + " (corrupted or replaced adapter weights)");
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        Safetensors.read(file).tensors().forEach((key, t) -> {
            if (!key.startsWith(PEFT_PREFIX)) {
                throw new Tune4jException(file + ": key '" + key + "' lacks the prefix " + PEFT_PREFIX);
            }
            out.put(key.substring(PEFT_PREFIX.length()), t);
        });
        return out;
    }

    /** The base model directory, resolved by name, whose weights must have the SHA-256 the adapters were trained on. */
    static Path base(Path dir, String name, String sha256) {
        Path base = ModelHub.resolve(name, line -> {});
        String actual = ModelHub.weightsSha256(base);
        if (!actual.equals(sha256)) {
            throw new Tune4jException(dir + ": these adapters were trained on base model '" + name + "' with weights SHA-256 "
                    + sha256 + ", but '" + name + "' now resolves to " + base + " with SHA-256 " + actual
                    + "; restore that base model, or use a checkpoint saved with --merge (standalone)");
        }
        return base;
    }

    /** PEFT's LoraConfig as {@code save_pretrained} writes it (the fields that PEFT 0.x reads). */
    static JsonObject peftConfig(LoraConfig lora, String baseModel, ModelFamily family, java.util.Set<String> keys) {
        JsonObject o = new JsonObject();
        o.addProperty("peft_type", "LORA");
        o.addProperty("task_type", "SEQ_CLS");
        o.addProperty("base_model_name_or_path", baseModel);
        o.add("revision", JsonNull.INSTANCE);
        o.addProperty("r", lora.rank());
        o.addProperty("lora_alpha", lora.alpha());
        o.addProperty("lora_dropout", lora.dropout());
        o.add("target_modules", peftTargets(lora, family));
        // The head's modules: "classifier", and DistilBERT's "pre_classifier".
        JsonArray save = new JsonArray();
        keys.stream().filter(k -> !k.startsWith(family.scope() + ".")).map(k -> k.substring(0, k.indexOf('.')))
                .distinct().sorted().forEach(save::add);
        o.add("modules_to_save", save);
        o.addProperty("bias", "none");
        o.addProperty("fan_in_fan_out", false);
        o.addProperty("inference_mode", true);
        o.addProperty("init_lora_weights", true);
        o.addProperty("use_rslora", false);
        o.addProperty("use_dora", false);
        o.add("layers_to_transform", JsonNull.INSTANCE);
        o.add("layers_pattern", JsonNull.INSTANCE);
        o.add("rank_pattern", new JsonObject());
        o.add("alpha_pattern", new JsonObject());
        return o;
    }

    /**
     * PEFT matches a list entry as a suffix of the module path. "output.dense" would also match
     * attention.output.dense, so with the OUTPUT target the modules are one regular expression instead.
     */
    private static JsonElement peftTargets(LoraConfig lora, ModelFamily family) {
        if (lora.targets().contains(LoraTarget.OUTPUT)) {
            String alternatives = lora.targets().stream().map(t -> path(t, family).replace(".", "\\."))
                    .collect(Collectors.joining("|"));
            return new JsonPrimitive(".*\\.layer\\.\\d+\\.(" + alternatives + ")");
        }
        JsonArray list = new JsonArray();
        for (LoraTarget t : lora.targets()) {
            String path = path(t, family);
            list.add(switch (t) {
                case QUERY, KEY, VALUE -> path.substring(path.lastIndexOf('.') + 1);
                default -> path;
            });
        }
        return list;
    }

    /** The module path of {@code target} below the family's layer N: attention.self.query in BERT, attention.q_lin in DistilBERT. */
    static String path(LoraTarget target, ModelFamily family) {
        String layer = "bert.encoder.layer.0.";
        String key = family.names().toCheckpoint(layer + target.path() + ".weight");
        String prefix = family.names().toCheckpoint(layer);
        return key.substring(prefix.length(), key.length() - ".weight".length());
    }
}
