package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.TinyPretrained;
import dev.tune4j.infer.Pooling;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a model directory and a {@code --model} argument say, read without loading any weights. */
class ModelConfigTest {

    @TempDir
    Path tmp;

    @Test
    void anEmbeddingModelPoolsAndCutsAsItsSentenceTransformersFilesSay() throws Exception {
        Path dir = TinyPretrained.writeSentenceTransformers(tmp.resolve("st"), "{\"pooling_mode_mean_tokens\": true}", 8);
        List<String> review = List.of("the movie was good and the plot was great");
        try (EmbeddingBackend backend = new EmbeddingBackend(dir)) {
            assertEquals(Pooling.MEAN, backend.pooling());
            assertEquals(8, backend.maxLength(), "max_seq_length, where sentence-transformers and `embed` cut");
            assertEquals(8, backend.encode(review, true).get(0).length());
            assertEquals(11, backend.encode(review, false).get(0).length(), "all 9 words, for the server to refuse");
        }
    }

    @Test
    void aModelArgumentNamesItselfAfterItsDirectoryOrTheRun() {
        assertEquals(new ModelSpec("bert-base-uncased", "bert-base-uncased"), ModelSpec.parse("bert-base-uncased"));
        assertEquals(new ModelSpec("reviews", "runs/reviews/model"), ModelSpec.parse("runs/reviews/model"));
        assertEquals(new ModelSpec("reviews", "runs/reviews/"), ModelSpec.parse("runs/reviews/"));
        assertEquals(new ModelSpec("sentiment", "runs/x=y"), ModelSpec.parse("sentiment=runs/x=y"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("a b=dir"));
        assertTrue(e.getMessage().contains("--model name=DIR"), e.getMessage());
    }
}
