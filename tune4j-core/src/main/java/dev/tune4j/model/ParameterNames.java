package dev.tune4j.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one name map between blocks and checkpoints: every block names its children and parameters
 * like the Hugging Face module tree, so a parameter's key is its path, e.g.
 * {@code bert.encoder.layer.0.attention.self.query.weight}.
 */
public final class ParameterNames {

    /** DJL prefixes each child's name with its two-digit position ("01embeddings"). */
    private static final Pattern CHILD_ORDINAL = Pattern.compile("^\\d{2,}");

    private ParameterNames() {}

    /** Whether {@code key} belongs to a module that adapter techniques add: LoRA's A or B, or a Houlsby adapter. */
    public static boolean isAdded(String key) {
        return isLora(key) || key.contains(".adapter.");
    }

    /** Whether {@code key} is LoRA's A or B. */
    public static boolean isLora(String key) {
        return key.contains(".lora_A.") || key.contains(".lora_B.");
    }

    /** Every parameter under {@code root}, in block order, keyed by its checkpoint name. */
    public static Map<String, Parameter> of(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            String name = CHILD_ORDINAL.matcher(child.getKey()).replaceFirst("");
            // An unnamed child puts its parameters directly in the parent's scope.
            collect(child.getValue(), name.isEmpty() ? prefix : prefix + name + ".", out);
        }
    }
}
