package dev.tune4j;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.model.TinyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tiny Hugging Face directories of the RoBERTa, DistilBERT and ELECTRA families, as transformers writes them: the
 * config, tokenizer and checkpoint keys of {@code src/test/resources/families/<family>} (made by
 * bench/parity/families_fixture.py), the weights from {@link TinyFixture#values}'s formula.
 */
public final class TinyFamilies {

    private static final List<String> TOKENIZER_FILES = List.of("vocab.txt", "tokenizer.json", "tokenizer_config.json");

    private TinyFamilies() {}

    /** The fixture of {@code family}: config, keys, texts, ids and what transformers computed. */
    public static JsonObject fixture(String family) throws IOException {
        try (InputStream in = Objects.requireNonNull(TinyFamilies.class.getResourceAsStream("/families/" + family + "/parity.json"))) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** Writes config.json, the tokenizer files and model.safetensors of {@code family} into {@code dir}. */
    public static Path write(Path dir, String family) throws IOException {
        Files.createDirectories(dir);
        JsonObject fixture = fixture(family);
        Files.writeString(dir.resolve("config.json"), fixture.getAsJsonObject("config").toString(), StandardCharsets.UTF_8);
        for (String f : TOKENIZER_FILES) {
            try (InputStream in = TinyFamilies.class.getResourceAsStream("/families/" + family + "/" + f)) {
                if (in != null) {
                    Files.copy(in, dir.resolve(f));
                }
            }
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : fixture.getAsJsonObject("keys").entrySet()) {
            long[] shape = new long[e.getValue().getAsJsonArray().size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().getAsJsonArray().get(i).getAsLong();
                n *= shape[i];
            }
            tensors.put(e.getKey(), HostTensor.ofFloats(shape, TinyFixture.values(e.getKey(), Math.toIntExact(n))));
        }
        Safetensors.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        return dir;
    }
}
