package dev.tune4j.serve;

import dev.tune4j.engine.Precision;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the server needs of a loaded model: tokenize (thread-safe, on request threads) and run a batch of
 * encodings (on its batcher thread only). The core does both; this only says which core API.
 */
interface Backend extends AutoCloseable {

    /** The most tokens per input, specials included: TEI's {@code max_input_length}. */
    int maxLength();

    BertTokenizer tokenizer();

    /** Tokenized as the model expects; untruncated when {@code truncate} is false, for the caller to refuse. */
    List<Encoding> encode(List<String> texts, boolean truncate);

    /** The values in each row {@link #run} answers: an embedding's dimension, or a classifier's label count. */
    int width();

    /** One row per encoding: an embedding, or label scores (logits when {@code raw}). One caller at a time. */
    float[][] run(List<Encoding> encodings, boolean raw);

    /** Sets the encoder's compute format; returns what it runs in. */
    Precision runIn(Precision requested, Consumer<String> warn);

    @Override
    void close();
}
