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

    /**
     * Pools and cuts texts as {@code dir}'s sentence-transformers files say (pooling, {@code max_seq_length}), else
     * [CLS] and the model's position limit. Their Normalize module is not applied here: as in TEI, each request's
     * {@code normalize} decides.
     */
    EmbeddingBackend(Path dir) {
        SentencePooling sentence = SentencePooling.of(dir);
        this.embedder = Embedder.load(dir, sentence.pooling(), false, sentence.maxLength());
    }

    Pooling pooling() {
        return embedder.pooling();
    }

    @Override
    public int width() {
        return embedder.dimension();
    }

    /** What sentence-transformers cuts texts to ({@code max_seq_length}), else the model's position limit. */
    @Override
    public int maxLength() {
        return embedder.defaultMaxLength();
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
