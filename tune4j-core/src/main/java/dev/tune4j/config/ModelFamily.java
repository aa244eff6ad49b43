package dev.tune4j.config;

import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.HostTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The encoder architectures tune4j runs, by {@code config.json}'s {@code model_type}. All of them compute BERT's
 * graph (post-LayerNorm layers of self-attention and a feed-forward); what differs is data, held here: the
 * checkpoint names ({@link CheckpointNames}, onto BERT's block names), the config keys, how positions are
 * numbered, whether there are token types, a pooler, an MLM head, and the Hugging Face classes that read the
 * result. Techniques, heads and trainers never ask which family they run: a new family is one constant here.
 */
public enum ModelFamily {
    BERT(List.of("bert"), "bert", CheckpointNames.IDENTITY, Map.of(), true, false, true,
            "BertForSequenceClassification", "BertForMaskedLM", null, false),
    /** Positions start after {@code padding_idx}; one token type; {@code lm_head}; the head reads {@code <s>} through tanh. */
    ROBERTA(List.of("roberta"), "roberta", CheckpointNames.ROBERTA, Map.of(), true, true, false,
            "RobertaForSequenceClassification", "RobertaForMaskedLM", HiddenAct.TANH, true),
    /** RoBERTa's graph and names with a SentencePiece vocabulary; kept apart so that what tune4j saves keeps its type. */
    XLM_ROBERTA(List.of("xlm-roberta"), "roberta", CheckpointNames.ROBERTA, Map.of(), true, true, false,
            "XLMRobertaForSequenceClassification", "XLMRobertaForMaskedLM", HiddenAct.TANH, true),
    CAMEMBERT(List.of("camembert"), "roberta", CheckpointNames.ROBERTA, Map.of(), true, true, false,
            "CamembertForSequenceClassification", "CamembertForMaskedLM", HiddenAct.TANH, true),
    /** No token types, no pooler, its own key names; the head reads [CLS] through {@code pre_classifier} and ReLU. */
    DISTILBERT(List.of("distilbert"), "distilbert", new CheckpointNames(List.of(
            "bert.embeddings.", "distilbert.embeddings.",
            "bert.encoder.layer.*.attention.self.query.", "distilbert.transformer.layer.*.attention.q_lin.",
            "bert.encoder.layer.*.attention.self.key.", "distilbert.transformer.layer.*.attention.k_lin.",
            "bert.encoder.layer.*.attention.self.value.", "distilbert.transformer.layer.*.attention.v_lin.",
            "bert.encoder.layer.*.attention.output.dense.", "distilbert.transformer.layer.*.attention.out_lin.",
            "bert.encoder.layer.*.attention.output.LayerNorm.", "distilbert.transformer.layer.*.sa_layer_norm.",
            "bert.encoder.layer.*.intermediate.dense.", "distilbert.transformer.layer.*.ffn.lin1.",
            "bert.encoder.layer.*.output.dense.", "distilbert.transformer.layer.*.ffn.lin2.",
            "bert.encoder.layer.*.output.LayerNorm.", "distilbert.transformer.layer.*.output_layer_norm.",
            // Hooks on the layer (adapters) keep BERT's names below it.
            "bert.encoder.layer.", "distilbert.transformer.layer.",
            "cls.predictions.transform.dense.", "vocab_transform.",
            "cls.predictions.transform.LayerNorm.", "vocab_layer_norm.",
            "cls.predictions.bias", "vocab_projector.bias",
            "classifier.dense.", "pre_classifier.",
            "classifier.out_proj.", "classifier.[pre_classifier.]"), List.of("vocab_projector.weight")),
            Map.of("dim", "hidden_size", "n_layers", "num_hidden_layers", "n_heads", "num_attention_heads",
                    "hidden_dim", "intermediate_size", "activation", "hidden_act", "dropout", "hidden_dropout_prob",
                    "attention_dropout", "attention_probs_dropout_prob", "seq_classif_dropout", "classifier_dropout"),
            false, false, false, "DistilBertForSequenceClassification", "DistilBertForMaskedLM", HiddenAct.RELU, false),
    /** The discriminator as encoder: {@code embeddings_project} when embedding_size differs from hidden_size; no MLM head. */
    ELECTRA(List.of("electra"), "electra", new CheckpointNames(List.of("bert.", "electra."),
            List.of()), Map.of(), true, false, false, "ElectraForSequenceClassification", null, HiddenAct.GELU, true);

    private final List<String> modelTypes;
    private final String scope;
    private final CheckpointNames names;
    private final Map<String, String> configKeys;
    private final boolean tokenTypes;
    private final boolean positionsAfterPadding;
    private final boolean pooler;
    private final String classifierClass;
    private final String maskedLmClass;
    private final HiddenAct headActivation;
    private final boolean dropoutBeforeHead;

    ModelFamily(List<String> modelTypes, String scope, CheckpointNames names, Map<String, String> configKeys,
                boolean tokenTypes, boolean positionsAfterPadding, boolean pooler, String classifierClass,
                String maskedLmClass, HiddenAct headActivation, boolean dropoutBeforeHead) {
        this.modelTypes = modelTypes;
        this.scope = scope;
        this.names = names;
        this.configKeys = configKeys;
        this.tokenTypes = tokenTypes;
        this.positionsAfterPadding = positionsAfterPadding;
        this.pooler = pooler;
        this.classifierClass = classifierClass;
        this.maskedLmClass = maskedLmClass;
        this.headActivation = headActivation;
        this.dropoutBeforeHead = dropoutBeforeHead;
    }

    /** The family of a {@code model_type}; one line naming the supported ones when there is none. */
    public static ModelFamily of(String modelType) {
        return Arrays.stream(values()).filter(f -> f.modelTypes.contains(modelType)).findFirst()
                .orElseThrow(() -> new Tune4jException("model_type '" + modelType + "' is not supported; tune4j runs "
                        + supported()));
    }

    /** Every supported {@code model_type}, comma-separated. */
    public static String supported() {
        return Arrays.stream(values()).flatMap(f -> f.modelTypes.stream()).collect(Collectors.joining(", "));
    }

    /** The {@code model_type} tune4j writes. */
    public String modelType() {
        return modelTypes.get(0);
    }

    /** The backbone's checkpoint scope in Hugging Face's task classes ({@code bert}, {@code roberta}, …). */
    public String scope() {
        return scope;
    }

    public CheckpointNames names() {
        return names;
    }

    /**
     * A checkpoint of this family keyed by block names, the backbone under {@code bert.} whether or not the checkpoint
     * wraps it (a bare {@code RobertaModel} has {@code embeddings.…}, {@code RobertaForMaskedLM} {@code roberta.embeddings.…});
     * tied copies dropped. Only keys change; the tensors are the checkpoint's own.
     */
    public Map<String, HostTensor> toBlockNames(Map<String, HostTensor> checkpoint) {
        boolean bare = checkpoint.keySet().stream().noneMatch(k -> k.startsWith(scope + "."))
                && checkpoint.keySet().stream().anyMatch(k -> k.startsWith("embeddings."));
        if (!bare) {
            return names.toInternal(checkpoint);
        }
        Map<String, HostTensor> wrapped = new LinkedHashMap<>();
        checkpoint.forEach((k, v) -> wrapped.put(scope + "." + k, v));
        return names.toInternal(wrapped);
    }

    /** Tensors keyed by block names ({@code bert.…}, {@code cls.predictions.…}), keyed as this family's checkpoints are. */
    public Map<String, HostTensor> toCheckpointNames(Map<String, HostTensor> tensors) {
        return names.toCheckpoint(tensors);
    }

    /** The family's config.json key for BERT's key {@code bertKey}. */
    public String configKey(String bertKey) {
        return configKeys.entrySet().stream().filter(e -> e.getValue().equals(bertKey)).map(Map.Entry::getKey)
                .findFirst().orElse(bertKey);
    }

    /** Whether the embeddings add token-type (segment) embeddings; DistilBERT has none. */
    public boolean tokenTypes() {
        return tokenTypes;
    }

    /**
     * Whether position ids count real tokens from {@code padding_idx + 1} (RoBERTa: Hugging Face's
     * {@code create_position_ids_from_input_ids}) rather than 0, 1, 2, … for every slot.
     */
    public boolean positionsAfterPadding() {
        return positionsAfterPadding;
    }

    /** Whether the family's sequence classifier reads a pooler (BERT) rather than its own head on the first token. */
    public boolean pooler() {
        return pooler;
    }

    public String classifierClass() {
        return classifierClass;
    }

    /** Whether checkpoints of this family carry a masked-LM head (ELECTRA's discriminator does not). */
    public boolean hasMaskedLm() {
        return maskedLmClass != null;
    }

    /** The Hugging Face masked-LM class; refuses a family without one, in one line. */
    public String maskedLmClass() {
        if (maskedLmClass == null) {
            throw new Tune4jException(modelType() + " has no masked-LM head (ELECTRA's discriminator predicts replaced "
                    + "tokens, not masked ones); fill-mask, MLM pretraining and cloze prompting need a bert, roberta or "
                    + "distilbert model");
        }
        return maskedLmClass;
    }

    /** The activation of the family's own two-layer classification head; null for BERT (pooler + linear). */
    public HiddenAct headActivation() {
        return headActivation;
    }

    /** Whether the family's head applies dropout before its first layer too (RoBERTa's and ELECTRA's do). */
    public boolean dropoutBeforeHead() {
        return dropoutBeforeHead;
    }
}
