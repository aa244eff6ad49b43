package dev.tune4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sentence-transformers directory says about pooling, read without loading weights. */
class SentencePoolingTest {

    private static final String TRANSFORMER = "{\"idx\": 0, \"name\": \"0\", \"path\": \"\", "
            + "\"type\": \"sentence_transformers.models.Transformer\"}";
    private static final String POOLING = "{\"idx\": 1, \"name\": \"1\", \"path\": \"1_Pooling\", "
            + "\"type\": \"sentence_transformers.models.Pooling\"}";

    @TempDir
    Path dir;

    private Path st(String modules, String pooling) throws Exception {
        Files.writeString(dir.resolve("modules.json"), "[" + modules + "]");
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.writeString(dir.resolve("1_Pooling/config.json"), pooling);
        return dir;
    }

    @Test
    void aPlainDirectoryReadsClsUnnormalized() {
        assertEquals(SentencePooling.PLAIN, SentencePooling.of(dir));
    }

    @Test
    void readsPoolingNormalizeAndLength() throws Exception {
        st(TRANSFORMER + ", " + POOLING + ", {\"idx\": 2, \"name\": \"2\", \"path\": \"2_Normalize\", "
                + "\"type\": \"sentence_transformers.models.Normalize\"}", "{\"pooling_mode_max_tokens\": true, "
                + "\"pooling_mode_mean_tokens\": false, \"pooling_mode_cls_token\": false}");
        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 128, \"do_lower_case\": false}");
        assertEquals(new SentencePooling(Pooling.MAX, true, 128), SentencePooling.of(dir));
        st(TRANSFORMER + ", " + POOLING, "{\"pooling_mode_mean_tokens\": true}");
        assertEquals(new SentencePooling(Pooling.MEAN, false, 128), SentencePooling.of(dir));
    }

    @Test
    void whatItWritesItReadsBack() throws Exception {
        SentencePooling written = new SentencePooling(Pooling.MEAN, true, 256);
        written.write(dir, 384);
        assertEquals(written, SentencePooling.of(dir));
        assertTrue(Files.isDirectory(dir.resolve("2_Normalize")));
    }

    @Test
    void refusesWhatItCannotComputeInOneLine() throws Exception {
        assertRefused(st(TRANSFORMER + ", " + POOLING + ", {\"idx\": 2, \"name\": \"2\", \"path\": \"2_Dense\", "
                + "\"type\": \"sentence_transformers.models.Dense\"}", "{\"pooling_mode_mean_tokens\": true}"),
                "modules.json: module sentence_transformers.models.Dense changes the embedding");
        assertRefused(st(TRANSFORMER + ", " + POOLING, "{\"pooling_mode_mean_tokens\": true, \"pooling_mode_cls_token\": true}"),
                "config.json: sets several pooling modes [pooling_mode_cls_token, pooling_mode_mean_tokens]");
        assertRefused(st(TRANSFORMER + ", " + POOLING, "{\"pooling_mode_weightedmean_tokens\": true}"),
                "config.json: pooling_mode_weightedmean_tokens is not supported");
        assertRefused(st(TRANSFORMER + ", " + POOLING, "{\"pooling_mode_mean_tokens\": \"yes\"}"),
                "config.json: pooling_mode_mean_tokens must be true or false");
        assertRefused(st(TRANSFORMER, "{}"), "modules.json: lists no sentence_transformers.models.Pooling module");
        assertRefused(st(TRANSFORMER + ", " + POOLING, "[1, 2"), "config.json: cannot read as JSON");
    }

    @Test
    void aModulePathMustStayInsideTheModelDirectory() throws Exception {
        // Without the check, ".." would read the parent folder's config.json as the pooling config.
        Path model = st(TRANSFORMER + ", {\"idx\": 1, \"name\": \"1\", \"path\": \"..\", "
                + "\"type\": \"sentence_transformers.models.Pooling\"}", "{\"pooling_mode_mean_tokens\": true}");
        assertRefused(model, "modules.json: module path '..' leads outside the model directory");
        assertRefused(st(TRANSFORMER + ", {\"idx\": 1, \"name\": \"1\", \"path\": \"/etc\", "
                + "\"type\": \"sentence_transformers.models.Pooling\"}", "{}"), "leads outside the model directory");
    }

    private void assertRefused(Path model, String expected) {
        Tune4jException e = assertThrows(Tune4jException.class, () -> SentencePooling.of(model));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
