package dev.tune4j.tokenize;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tune4j.FuzzProperty;
import java.nio.file.Path;

/**
 * Fuzzes a model directory's tokenizer files: tokenizer.json (read by tune4j, then by Hugging Face's
 * native tokenizers) and tokenizer_config.json. Without JAZZER_FUZZ=1 this replays the corpus in
 * src/test/resources/dev/tune4j/tokenize/TokenizerFilesFuzzTestInputs.
 */
class TokenizerFilesFuzzTest {

    static final String BUDGET = FuzzProperty.ROUND;

    @FuzzTest(maxDuration = BUDGET)
    void tokenizerJson(byte[] bytes) {
        Path file = FuzzProperty.file("tok/tokenizer.json", bytes);
        FuzzProperty.holds(file, () -> {
            try (BertTokenizer tokenizer = BertTokenizer.fromDirectory(file.getParent())) {
                tokenizer.encode("Hello, world! [MASK] naïve café");
            }
        });
    }

    @FuzzTest(maxDuration = BUDGET)
    void tokenizerConfigJson(byte[] bytes) {
        Path file = FuzzProperty.file("cfg/tokenizer_config.json", bytes);
        FuzzProperty.holds(file, () -> ModelDirectory.lowerCase(file.getParent()));
    }
}
