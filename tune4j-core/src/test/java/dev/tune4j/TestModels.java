package dev.tune4j;

import java.nio.file.Path;

/**
 * Real model directories for integration tests.
 *
 * <p>STUB on branch tok, to be replaced at merge by the converter's version: until the converter
 * lands, bert-base-uncased is the TF-Hub export unpacked at /tmp/eb/sm/assets, which has only the
 * vocab.txt the tokenizer tests need.
 */
public final class TestModels {

    private TestModels() {}

    /** A Hugging Face bert-base-uncased directory; here only its vocab.txt is guaranteed. */
    public static Path bertBaseUncased() {
        return Path.of("/tmp/eb/sm/assets");
    }
}
