package dev.tune4j.serve;

import dev.tune4j.engine.Precision;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real backend whose forwards wait at a gate until the test opens it: requests pile up in the queue, so a test
 * can see admission fill up, batches form, and shutdown wait for work in flight. Records each forward's size as it starts.
 */
final class GatedBackend implements Backend {

    private final Backend real;
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch firstForward = new CountDownLatch(1);
    final List<Integer> forwardSizes = new CopyOnWriteArrayList<>();
    /** Past the gate, each forward also takes this long per input: a slow model with a known rate. */
    volatile long millisPerInput;

    GatedBackend(Backend real) {
        this.real = real;
    }

    /** A loader that serves {@code backend} through a real batcher. */
    static InferenceServer.Loader loader(GatedBackend backend) {
        return (spec, config, metrics, log) -> new ServedModel(spec.name(), spec.source(), backend,
                new Batcher(spec.name(), backend, config.maxBatchTokens(), config.maxBatchRequests(),
                        config.maxQueueSeconds(), metrics), null, null,
                Precision.FP32);
    }

    @Override
    public int width() {
        return real.width();
    }

    @Override
    public int maxLength() {
        return real.maxLength();
    }

    @Override
    public BertTokenizer tokenizer() {
        return real.tokenizer();
    }

    @Override
    public List<Encoding> encode(List<String> texts, boolean truncate) {
        return real.encode(texts, truncate);
    }

    @Override
    public float[][] run(List<Encoding> encodings, boolean raw) {
        forwardSizes.add(encodings.size());
        firstForward.countDown();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
            Thread.sleep(millisPerInput * encodings.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return real.run(encodings, raw);
    }

    @Override
    public Precision runIn(Precision requested, Consumer<String> warn) {
        return real.runIn(requested, warn);
    }

    @Override
    public void close() {
        real.close();
    }
}
