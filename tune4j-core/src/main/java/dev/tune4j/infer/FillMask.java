package dev.tune4j.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Precision;
import dev.tune4j.engine.Torch;
import dev.tune4j.model.BertForMaskedLM;
import dev.tune4j.model.BertModel;
import dev.tune4j.model.WeightLoader;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.tokenize.LengthBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Predicts the tokens behind each {@code [MASK]}: BERT's pretraining task, as a pipeline. */
public final class FillMask implements AutoCloseable {

    /** One candidate for one mask. */
    public record Prediction(String token, long id, double prob) {}

    /** The candidates for every {@code [MASK]} of one text, in order of appearance. */
    public record Result(String text, List<List<Prediction>> masks) {}

    private static final int BATCH_SIZE = 16;

    private final Pretrained<BertForMaskedLM> model;

    private FillMask(Pretrained<BertForMaskedLM> model) {
        this.model = model;
    }

    /** Loads a Hugging Face directory holding a BERT with its MLM head ({@code cls.predictions.*}). */
    public static FillMask load(Path dir) {
        return new FillMask(Pretrained.load(dir, BertForMaskedLM::new, tensors -> new WeightLoader.Expectations("",
                key -> false,
                // The pooler and NSP head serve next-sentence prediction; the decoder is tied to the word embeddings.
                key -> key.startsWith("bert.pooler.") || key.startsWith("cls.seq_relationship.")
                        || key.startsWith("cls.predictions.decoder.") || key.endsWith("position_ids"))));
    }

    /** Runs the encoder in {@code requested} (see {@link BertModel#runIn}); returns what it runs in. */
    public Precision runIn(Precision requested, Consumer<String> warn) {
        return model.block().bert().runIn(requested, warn);
    }

    public Pretrained<BertForMaskedLM> model() {
        return model;
    }

    public List<Result> predict(List<String> texts, int topK) {
        if (topK <= 0) {
            throw new IllegalArgumentException("top-k must be > 0, got " + topK);
        }
        long maskId = model.tokenizer().maskId();
        List<Encoding> encodings = model.tokenizer().encodeAll(texts);
        for (int i = 0; i < encodings.size(); i++) {
            if (Arrays.stream(encodings.get(i).inputIds()).noneMatch(id -> id == maskId)) {
                throw new Tune4jException("Input " + (i + 1) + " has no [MASK] token: \"" + texts.get(i) + "\"");
            }
        }
        Result[] results = new Result[texts.size()];
        Torch.gradMode(false);
        ParameterStore ps = new ParameterStore(model.manager(), false);
        for (int[] indices : LengthBatches.plan(encodings, BATCH_SIZE)) {
            Batch batch = Batch.padded(encodings, indices, model.tokenizer().padId());
            List<List<Prediction>> perMask = predictBatch(ps, batch, maskId, topK);
            int next = 0;
            for (int row = 0; row < indices.length; row++) {
                int masks = (int) Arrays.stream(encodings.get(indices[row]).inputIds()).filter(id -> id == maskId).count();
                results[indices[row]] = new Result(texts.get(indices[row]), perMask.subList(next, next + masks));
                next += masks;
            }
        }
        return Arrays.asList(results);
    }

    private List<List<Prediction>> predictBatch(ParameterStore ps, Batch batch, long maskId, int topK) {
        try (NDManager scope = model.manager().newSubManager()) {
            Shape shape = new Shape(batch.shape());
            NDList inputs = new NDList(scope.create(batch.inputIds(), shape), scope.create(batch.typeIds(), shape),
                    scope.create(batch.attentionMask(), shape));
            long[] positions = maskPositions(batch, maskId); // row-major, so results come out row by row
            NDArray atMasks = model.block().bert().hiddenAt(ps, inputs, false, positions); // (M, H)
            NDArray probs = model.block().head().forward(ps, new NDList(atMasks), false).get(0).softmax(-1); // (M, V)
            float[] p = probs.toFloatArray();
            int vocab = (int) probs.getShape().get(1);
            List<List<Prediction>> out = new ArrayList<>();
            for (int m = 0; m < positions.length; m++) {
                out.add(top(p, m * vocab, vocab, topK));
            }
            return out;
        }
    }

    private static long[] maskPositions(Batch batch, long maskId) {
        return java.util.stream.IntStream.range(0, batch.inputIds().length)
                .filter(i -> batch.inputIds()[i] == maskId).asLongStream().toArray();
    }

    private List<Prediction> top(float[] p, int offset, int vocab, int k) {
        int n = Math.min(k, vocab);
        int[] best = new int[n];
        Arrays.fill(best, -1);
        for (int v = 0; v < vocab; v++) {
            float x = p[offset + v];
            if (best[n - 1] >= 0 && x <= p[offset + best[n - 1]]) {
                continue;
            }
            int j = n - 1;
            while (j > 0 && (best[j - 1] < 0 || x > p[offset + best[j - 1]])) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = v;
        }
        List<Prediction> out = new ArrayList<>(n);
        for (int id : best) {
            out.add(new Prediction(model.tokenizer().token(id), id, p[offset + id]));
        }
        return out;
    }

    @Override
    public void close() {
        model.block().bert().encoder().runIn(Precision.FP32);
        model.close();
    }
}
