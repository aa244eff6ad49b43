package dev.tune4j.tokenize;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a Hugging Face model directory says about its tokenizer. */
final class ModelDirectory {

    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String VOCAB_TXT = "vocab.txt";

    private ModelDirectory() {}

    static Optional<Path> tokenizerJson(Path dir) {
        Path file = dir.resolve(TOKENIZER_JSON);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    static Path vocabTxt(Path dir) {
        Path file = dir.resolve(VOCAB_TXT);
        if (!Files.isRegularFile(file)) {
            throw new Tune4jException("Neither " + TOKENIZER_JSON + " nor " + VOCAB_TXT + " in " + dir
                    + "; point to a Hugging Face BERT model directory");
        }
        return file;
    }

    /**
     * {@code do_lower_case} from tokenizer_config.json, else from config.json, else guessed from the
     * directory name: "cased" without "uncased" means false. Otherwise true, BertTokenizer's default,
     * since most BERT checkpoints are uncased.
     */
    static boolean lowerCase(Path dir) {
        for (String file : List.of("tokenizer_config.json", "config.json")) {
            Optional<Boolean> flag = readFlag(dir.resolve(file), "do_lower_case");
            if (flag.isPresent()) {
                return flag.get();
            }
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return lower.contains("uncased") || !lower.contains("cased");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Tune4jException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Tune4jException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonObject parse(Path file) {
        String text = read(file);
        try {
            return dev.tune4j.JsonFiles.asObject(file, JsonParser.parseString(text));
        } catch (RuntimeException e) {
            throw new Tune4jException("Cannot parse " + file + " as a JSON object: " + e.getMessage(), e);
        }
    }

    private static Optional<Boolean> readFlag(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonElement value = parse(file).get(key);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            return Optional.empty();
        }
        return Optional.of(value.getAsBoolean());
    }
}
