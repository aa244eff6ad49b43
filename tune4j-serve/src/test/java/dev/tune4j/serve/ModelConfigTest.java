package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import dev.tune4j.infer.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a model directory and a {@code --model} argument say, read without loading any weights. */
class ModelConfigTest {

    @TempDir
    Path tmp;

    private Path stModel(String poolingConfig) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("st"));
        Files.writeString(dir.resolve("modules.json"), "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", "
                + "\"type\": \"sentence_transformers.models.Transformer\"}, {\"idx\": 1, \"name\": \"1\", "
                + "\"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"}]");
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.writeString(dir.resolve("1_Pooling/config.json"), poolingConfig);
        return dir;
    }

    @Test
    void poolingIsTheSentenceTransformersConfigsElseCls() throws Exception {
        assertEquals(Pooling.CLS, EmbeddingBackend.pooling(tmp), "no modules.json");
        assertEquals(Pooling.MEAN, EmbeddingBackend.pooling(stModel("{\"word_embedding_dimension\": 384, "
                + "\"pooling_mode_cls_token\": false, \"pooling_mode_mean_tokens\": true}")));
        assertEquals(Pooling.CLS, EmbeddingBackend.pooling(stModel("{\"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}")));
        assertEquals(Pooling.MAX, EmbeddingBackend.pooling(stModel("{\"pooling_mode_max_tokens\": true}")));
        Tune4jException e = assertThrows(Tune4jException.class,
                () -> EmbeddingBackend.pooling(stModel("{\"pooling_mode_weightedmean_tokens\": true}")));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
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
