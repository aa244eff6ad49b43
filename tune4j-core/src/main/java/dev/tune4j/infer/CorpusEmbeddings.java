package dev.tune4j.infer;

import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.DType;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.checkpoint.SafetensorsFile;
import dev.tune4j.engine.Precision;
import dev.tune4j.train.TrainingListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A corpus's vectors, computed once and cached on disk as {@code <key>.safetensors}: the key hashes the model's
 * weights, how it pools, normalizes, cuts and computes, and every text of the corpus, so any change to one of those
 * computes anew. The file is written atomically and records the SHA-256 of its data, checked on every load; a
 * damaged file is computed again.
 */
public final class CorpusEmbeddings {

    private static final String TENSOR = "embeddings";
    private static final int BATCH_SIZE = 32;

    private CorpusEmbeddings() {}

    /**
     * The vectors of {@code texts} (N × H, in their order) from the cache in {@code dir}, else computed with
     * {@code embedder} in length-sorted batches (progress to {@code listener}) and cached.
     *
     * @param modelSha256 the SHA-256 of the embedder's weights
     * @param precision what the embedder computes in
     */
    public static float[][] load(Embedder embedder, String modelSha256, Precision precision, List<String> texts,
                                 Path dir, TrainingListener listener) {
        Path file = dir.resolve(key(embedder, modelSha256, precision, texts) + ".safetensors");
        float[][] cached = read(file, texts.size(), embedder.dimension(), listener);
        if (cached != null) {
            listener.log("corpus embeddings from the cache: " + file);
            return cached;
        }
        listener.phaseStarted("embedding", texts.size(), "texts");
        float[][] vectors = embedder.embed(texts, BATCH_SIZE, done -> listener.progress(done, Double.NaN));
        listener.phaseEnded();
        write(file, vectors, embedder.dimension(), modelSha256);
        return vectors;
    }

    /** SHA-256 over the model, the embedding settings and each text (length-prefixed, so texts cannot run together). */
    static String key(Embedder embedder, String modelSha256, Precision precision, List<String> texts) {
        MessageDigest digest = Sha256.digest();
        String settings = String.join("\n", "tune4j corpus embeddings 1", modelSha256, embedder.pooling().name(),
                String.valueOf(embedder.normalizes()), String.valueOf(embedder.defaultMaxLength()), precision.name());
        digest.update(settings.getBytes(StandardCharsets.UTF_8));
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            digest.update(bytes);
        }
        return Sha256.hex(digest);
    }

    private static float[][] read(Path file, int rows, int dimension, TrainingListener listener) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            SafetensorsFile st = Safetensors.read(file);
            HostTensor t = st.tensors().get(TENSOR);
            if (t == null || t.dtype() != DType.F32 || !Arrays.equals(t.shape(), new long[] {rows, dimension})
                    || !dataSha256(t).equals(st.metadata().get("data_sha256"))) {
                listener.log(file + " is damaged; computing the corpus embeddings again");
                return null;
            }
            float[] flat = t.toFloatArray();
            float[][] out = new float[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = Arrays.copyOfRange(flat, r * dimension, (r + 1) * dimension);
            }
            return out;
        } catch (Tune4jException e) {
            listener.log(e.getMessage() + "; computing the corpus embeddings again");
            return null;
        }
    }

    private static void write(Path file, float[][] vectors, int dimension, String modelSha256) {
        float[] flat = new float[Math.multiplyExact(vectors.length, dimension)];
        for (int r = 0; r < vectors.length; r++) {
            System.arraycopy(vectors[r], 0, flat, r * dimension, dimension);
        }
        HostTensor t = HostTensor.ofFloats(new long[] {vectors.length, dimension}, flat);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new Tune4jException(file.getParent() + ": cannot create the cache directory: " + e.getMessage(), e);
        }
        Safetensors.write(file, Map.of(TENSOR, t), Map.of("format", "tune4j-corpus-embeddings",
                "model_sha256", modelSha256, "data_sha256", dataSha256(t)));
    }

    private static String dataSha256(HostTensor t) {
        MessageDigest digest = Sha256.digest();
        digest.update(t.data());
        return Sha256.hex(digest);
    }
}
