package dev.tune4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.TinyPretrained;
import dev.tune4j.engine.Precision;
import dev.tune4j.train.TrainingListener;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusEmbeddingsTest {

    @TempDir
    Path tmp;

    @Test
    void computesOnceThenReadsAndRecomputesADamagedFile() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("tiny"));
        Path cache = tmp.resolve("cache");
        List<String> texts = List.of("great wonderful film", "awful", "the plot was boring and bad");
        List<String> log = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void log(String line) {
                log.add(line);
            }

            @Override
            public void progress(long done, double loss) {
                progress.add(done);
            }
        };
        try (Embedder embedder = Embedder.load(model, Pooling.MEAN, true, 0)) {
            float[][] direct = embedder.embed(texts);
            float[][] first = CorpusEmbeddings.load(embedder, "a".repeat(64), Precision.FP32, texts, cache, listener);
            assertEquals(List.of(3L), progress, "one length-sorted batch of 3 texts");
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(direct[i], first[i], 1e-6f);
            }
            Path file;
            try (Stream<Path> files = Files.list(cache)) {
                file = files.findFirst().orElseThrow();
            }
            assertArrayEquals(first, CorpusEmbeddings.load(embedder, "a".repeat(64), Precision.FP32, texts, cache, listener));
            assertTrue(log.get(log.size() - 1).startsWith("corpus embeddings from the cache"), log.toString());
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.seek(f.length() - 3);
                f.write(f.read() ^ 0x40);
            }
            float[][] again = CorpusEmbeddings.load(embedder, "a".repeat(64), Precision.FP32, texts, cache, listener);
            assertTrue(log.stream().anyMatch(l -> l.contains("is damaged")), log.toString());
            assertArrayEquals(first, again);
            // Another text, model or setting is another key.
            assertNotEquals(CorpusEmbeddings.key(embedder, "a".repeat(64), Precision.FP32, texts),
                    CorpusEmbeddings.key(embedder, "a".repeat(64), Precision.FP32, List.of("great wonderful film", "awful")));
            assertNotEquals(CorpusEmbeddings.key(embedder, "a".repeat(64), Precision.FP32, List.of("ab", "c")),
                    CorpusEmbeddings.key(embedder, "a".repeat(64), Precision.FP32, List.of("a", "bc")));
            assertNotEquals(CorpusEmbeddings.key(embedder, "a".repeat(64), Precision.FP32, texts),
                    CorpusEmbeddings.key(embedder, "b".repeat(64), Precision.FP32, texts));
        }
    }
}
