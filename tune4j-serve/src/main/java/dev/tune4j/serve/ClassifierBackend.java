package dev.tune4j.serve;

import dev.tune4j.Classifier;
import dev.tune4j.engine.Precision;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** A tune4j classifier (full, adapter or LoRA run; single- or multi-label) served for {@code /predict}. */
final class ClassifierBackend implements Backend {

    private final Classifier classifier;

    ClassifierBackend(Path modelDir) {
        this.classifier = Classifier.load(modelDir);
    }

    List<String> labels() {
        return classifier.labels();
    }

    boolean multiLabel() {
        return classifier.multiLabel();
    }

    @Override
    public int width() {
        return classifier.labels().size();
    }

    @Override
    public int maxLength() {
        return classifier.maxLength();
    }

    @Override
    public BertTokenizer tokenizer() {
        return classifier.tokenizer();
    }

    @Override
    public List<Encoding> encode(List<String> texts, boolean truncate) {
        return classifier.encode(texts, truncate);
    }

    @Override
    public float[][] run(List<Encoding> encodings, boolean raw) {
        return classifier.scores(encodings, raw);
    }

    @Override
    public Precision runIn(Precision requested, Consumer<String> warn) {
        return classifier.model().runIn(requested, warn);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
