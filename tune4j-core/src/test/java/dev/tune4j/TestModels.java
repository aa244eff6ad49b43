package dev.tune4j;

import dev.tune4j.hub.ModelHub;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real pretrained models for tests, converted at most once per machine into the normal
 * {@link Tune4jHome} cache and resolved at most once per test JVM.
 *
 * <p>Tests that call this are skipped when {@code -Dtune4j.skipIntegration=true}. Call it outside
 * code that points {@code tune4j.home} elsewhere, or the model would be converted there instead.
 */
public final class TestModels {

    private static Path bertBaseUncased;
    private static Path allMiniLmL6V2;

    private TestModels() {}

    /** The Hugging Face-style directory of {@code bert-base-uncased}. */
    public static synchronized Path bertBaseUncased() {
        Assumptions.assumeFalse(Boolean.getBoolean("tune4j.skipIntegration"),
                "real-model tests are off (-Dtune4j.skipIntegration=true)");
        if (bertBaseUncased == null) {
            bertBaseUncased = ModelHub.resolve("bert-base-uncased", line -> System.out.println("[TestModels] " + line));
        }
        return bertBaseUncased;
    }

    /** The directory of {@code all-minilm-l6-v2}, converted from langchain4j's ONNX jar. */
    public static synchronized Path allMiniLmL6V2() {
        Assumptions.assumeFalse(Boolean.getBoolean("tune4j.skipIntegration"),
                "real-model tests are off (-Dtune4j.skipIntegration=true)");
        if (allMiniLmL6V2 == null) {
            allMiniLmL6V2 = ModelHub.resolve("all-minilm-l6-v2", line -> System.out.println("[TestModels] " + line));
        }
        return allMiniLmL6V2;
    }
}
