package dev.tune4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @TempDir
    Path root;

    @Test
    void lowerCasesUncasedAndUnknownNamesButNotCasedOnes() throws IOException {
        assertTrue(ModelDirectory.lowerCase(Files.createDirectory(root.resolve("bert-base-uncased"))));
        assertTrue(ModelDirectory.lowerCase(Files.createDirectory(root.resolve("my-model"))));
        assertFalse(ModelDirectory.lowerCase(Files.createDirectory(root.resolve("bert-base-cased"))));
    }

    @Test
    void tokenizerConfigOverridesTheName() throws IOException {
        Path dir = Files.createDirectory(root.resolve("bert-base-uncased"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");

        assertFalse(ModelDirectory.lowerCase(dir));
    }

    @Test
    void configJsonCountsWhenTokenizerConfigIsSilent() throws IOException {
        Path dir = Files.createDirectory(root.resolve("bert-base-cased"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 512}");
        Files.writeString(dir.resolve("config.json"), "{\"do_lower_case\": true}");

        assertTrue(ModelDirectory.lowerCase(dir));
    }
}
