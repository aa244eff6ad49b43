package dev.tune4j.serve;

import dev.tune4j.engine.Precision;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import dev.tune4j.infer.SentencePooling;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** An encoder served for {@code /embed} and {@code /v1/embeddings}, through the core's {@link Embedder}. */
final class EmbeddingBackend implements Backend {

    private final Embedder embedder;

    EmbeddingBackend(Path dir) {
        this.embedder = Embedder.load(dir, pooling(dir));
    }

    /**
     * The pooling {@code dir}'s sentence-transformers files ask for, else [CLS]. Their Normalize module is not
     * applied here: as in TEI, each request's {@code normalize} decides.
     */
    static Pooling pooling(Path dir) {
        return SentencePooling.of(dir).pooling();
    }

    Pooling pooling() {
        return embedder.pooling();
    }

    @Override
    public int width() {
        return embedder.dimension();
    }

    @Override
    public int maxLength() {
        return embedder.maxLength();
    }

    @Override
    public BertTokenizer tokenizer() {
        return embedder.tokenizer();
    }

    @Override
    public List<Encoding> encode(List<String> texts, boolean truncate) {
        return embedder.encode(texts, truncate);
    }

    @Override
    public float[][] run(List<Encoding> encodings, boolean raw) {
        return embedder.embedEncoded(encodings);
    }

    @Override
    public Precision runIn(Precision requested, Consumer<String> warn) {
        return embedder.runIn(requested, warn);
    }

    @Override
    public void close() {
        embedder.close();
    }
}
