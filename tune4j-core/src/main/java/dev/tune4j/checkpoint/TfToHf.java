package dev.tune4j.checkpoint;

import dev.tune4j.Tune4jException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renames Google's TensorFlow BERT variables to Hugging Face {@code BertForPreTraining} keys.
 *
 * <p>Dense kernels are stored [in, out] by TF and [out, in] by PyTorch, so they are transposed;
 * embedding tables and {@code cls/seq_relationship/output_weights} are already [rows, hidden] and are
 * not. Optimizer slots and the step counter are dropped. Any other unrecognised name is an error:
 * silently skipping it would load a model with a missing piece.
 */
public final class TfToHf {

    private static final String LAYER = "bert/encoder/layer_\\d+/";
    private static final String DENSE = "(" + LAYER + "attention/self/(?:query|key|value)|" + LAYER
            + "attention/output/dense|" + LAYER + "intermediate/dense|" + LAYER + "output/dense|"
            + "bert/pooler/dense|cls/predictions/transform/dense)";
    private static final String NORM = "(bert/embeddings/LayerNorm|" + LAYER + "attention/output/LayerNorm|"
            + LAYER + "output/LayerNorm|cls/predictions/transform/LayerNorm)";

    /** A TF name pattern, the HF name ({@code {scope}} = group 1 in HF spelling), and the layout change. */
    private record Rule(Pattern tf, String hf, boolean transpose) {
        Rule(String tf, String hf, boolean transpose) {
            this(Pattern.compile(tf), hf, transpose);
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule(DENSE + "/kernel", "{scope}.weight", true),
            new Rule(DENSE + "/bias", "{scope}.bias", false),
            new Rule(NORM + "/gamma", "{scope}.weight", false),
            new Rule(NORM + "/beta", "{scope}.bias", false),
            new Rule("(bert/embeddings/(?:word|position|token_type)_embeddings)", "{scope}.weight", false),
            new Rule("cls/predictions/output_bias", "cls.predictions.bias", false),
            new Rule("cls/seq_relationship/output_weights", "cls.seq_relationship.weight", false),
            new Rule("cls/seq_relationship/output_bias", "cls.seq_relationship.bias", false));

    private static final Pattern SKIPPED = Pattern.compile(".*(adam_m|adam_v|global_step).*");
    private static final Pattern LAYER_INDEX = Pattern.compile("layer_(\\d+)");
    private static final String HUB_PREFIX = "module/";

    private TfToHf() {}

    /** A TF variable's HF name and whether its matrix must be transposed. */
    public record Mapping(String hfName, boolean transpose) {}

    /** The mapping for one TF name; empty for names that are skipped or unknown. */
    public static Optional<Mapping> map(String tfName) {
        String name = tfName.startsWith(HUB_PREFIX) ? tfName.substring(HUB_PREFIX.length()) : tfName;
        for (Rule rule : RULES) {
            Matcher m = rule.tf().matcher(name);
            if (m.matches()) {
                String hf = m.groupCount() > 0 ? rule.hf().replace("{scope}", hfScope(m.group(1))) : rule.hf();
                return Optional.of(new Mapping(hf, rule.transpose()));
            }
        }
        return Optional.empty();
    }

    public static boolean isSkipped(String tfName) {
        return SKIPPED.matcher(tfName).matches();
    }

    /**
     * Renames (and transposes) every tensor.
     *
     * @throws Tune4jException listing unknown names, or naming two TF variables that map to one key
     */
    public static Map<String, HostTensor> convert(Map<String, HostTensor> tf) {
        Map<String, HostTensor> hf = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, HostTensor> entry : tf.entrySet()) {
            String tfName = entry.getKey();
            if (isSkipped(tfName)) {
                continue;
            }
            Optional<Mapping> mapping = map(tfName);
            if (mapping.isEmpty()) {
                unknown.add(tfName);
                continue;
            }
            String hfName = mapping.get().hfName();
            String previous = sources.put(hfName, tfName);
            if (previous != null) {
                throw new Tune4jException("TF variables '" + previous + "' and '" + tfName
                        + "' both map to '" + hfName + "'");
            }
            hf.put(hfName, mapping.get().transpose() ? transposed(tfName, entry.getValue()) : entry.getValue());
        }
        if (!unknown.isEmpty()) {
            throw new Tune4jException("checkpoint has " + unknown.size()
                    + " TensorFlow variables that are not BERT weights tune4j knows: " + unknown);
        }
        return hf;
    }

    private static HostTensor transposed(String tfName, HostTensor kernel) {
        try {
            return kernel.transpose2d();
        } catch (IllegalArgumentException e) {
            throw new Tune4jException("TF variable '" + tfName + "' is a dense kernel: " + e.getMessage());
        }
    }

    private static String hfScope(String tfScope) {
        return LAYER_INDEX.matcher(tfScope).replaceAll("layer.$1").replace('/', '.');
    }
}
