package dev.tune4j.config;

import dev.tune4j.checkpoint.HostTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a family's checkpoint keys map onto tune4j's block names, which are BERT's ({@code bert.encoder.layer.0
 * .attention.self.query}, {@code cls.predictions.transform.dense}, {@code classifier.dense}): a list of prefix
 * renames, {@code *} standing for a layer number, applied in order, the first match winning. Keys no rule
 * matches keep their name; {@link #tied} keys are copies of other tensors and are dropped on reading. A checkpoint
 * prefix written {@code classifier.[pre_classifier.]} only applies to a checkpoint that has a key starting with
 * {@code pre_classifier.} (DistilBERT's {@code classifier} is the second layer of a two-layer head, a linear head's
 * {@code classifier} is itself).
 */
public final class CheckpointNames {

    /** BERT's own: every name is already the block's. */
    public static final CheckpointNames IDENTITY = new CheckpointNames(List.of(), List.of());

    /** RoBERTa's, XLM-RoBERTa's and CamemBERT's (the same modules under {@code roberta.}, and {@code lm_head}). */
    public static final CheckpointNames ROBERTA = new CheckpointNames(List.of(
            "bert.", "roberta.",
            "cls.predictions.transform.dense.", "lm_head.dense.",
            "cls.predictions.transform.LayerNorm.", "lm_head.layer_norm.",
            "cls.predictions.bias", "lm_head.bias"), List.of("lm_head.decoder.weight", "lm_head.decoder.bias"));

    private record Rule(Pattern internal, String internalOut, Pattern checkpoint, String checkpointOut, String requires) {}

    private final List<Rule> rules = new ArrayList<>();
    private final List<String> tied;

    /**
     * @param pairs internal prefix, checkpoint prefix, internal prefix, checkpoint prefix, …
     * @param tied checkpoint keys (exact) that hold a tied copy, such as a decoder tied to the word embeddings
     */
    public CheckpointNames(List<String> pairs, List<String> tied) {
        if (pairs.size() % 2 != 0) {
            throw new IllegalArgumentException("renames come in pairs, got " + pairs.size() + " names");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            String checkpoint = pairs.get(i + 1);
            String requires = null;
            int guard = checkpoint.indexOf('[');
            if (guard >= 0) {
                requires = checkpoint.substring(guard + 1, checkpoint.length() - 1);
                checkpoint = checkpoint.substring(0, guard);
            }
            rules.add(new Rule(pattern(pairs.get(i)), replacement(pairs.get(i)), pattern(checkpoint), replacement(checkpoint),
                    requires));
        }
        this.tied = List.copyOf(tied);
    }

    private static Pattern pattern(String prefix) {
        return Pattern.compile("^" + Pattern.quote(prefix).replace("*", "\\E(\\d+)\\Q"));
    }

    private static String replacement(String prefix) {
        return Matcher.quoteReplacement(prefix).replace("*", "$1");
    }

    /** The block name of checkpoint key {@code key}, in a checkpoint whose keys {@code present} tests. */
    private String toInternal(String key, Predicate<String> present) {
        for (Rule r : rules) {
            if (r.requires != null && !present.test(r.requires)) {
                continue;
            }
            Matcher m = r.checkpoint.matcher(key);
            if (m.find()) {
                return m.replaceFirst(r.internalOut);
            }
        }
        return key;
    }

    /** The checkpoint key of block name {@code name}, as the family's Hugging Face class names it. */
    public String toCheckpoint(String name) {
        for (Rule r : rules) {
            Matcher m = r.internal.matcher(name);
            if (m.find()) {
                return m.replaceFirst(r.checkpointOut);
            }
        }
        return name;
    }

    /** A checkpoint keyed by block names, tied copies dropped; the tensors themselves are not copied. */
    public Map<String, HostTensor> toInternal(Map<String, HostTensor> checkpoint) {
        Predicate<String> present = prefix -> checkpoint.keySet().stream().anyMatch(k -> k.startsWith(prefix));
        return rename(checkpoint, k -> toInternal(k, present), k -> tied.contains(k));
    }

    /** Tensors keyed by block names, keyed as the family's checkpoints are. */
    public Map<String, HostTensor> toCheckpoint(Map<String, HostTensor> tensors) {
        return rename(tensors, this::toCheckpoint, k -> false);
    }

    private static Map<String, HostTensor> rename(Map<String, HostTensor> in, java.util.function.UnaryOperator<String> name,
                                                  Predicate<String> drop) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (!drop.test(k)) {
                out.put(name.apply(k), v);
            }
        });
        return out;
    }
}
