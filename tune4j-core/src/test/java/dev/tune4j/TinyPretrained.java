package dev.tune4j;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.config.BertConfig;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.LabelMap;
import dev.tune4j.model.BertForMaskedLM;
import dev.tune4j.model.Module;
import dev.tune4j.model.ParameterNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A tiny random "pretrained" BERT directory (2 layers, hidden 32) with a word-level vocabulary, and a
 * synthetic sentiment task and a synthetic multi-label task on it, for training tests that must run in seconds.
 */
public final class TinyPretrained {

    public static final List<String> POSITIVE = List.of("great", "good", "love", "wonderful", "fine");
    public static final List<String> NEGATIVE = List.of("awful", "bad", "hate", "terrible", "boring");
    private static final List<String> NEUTRAL = List.of("the", "movie", "was", "a", "plot", "actor", "film", "and", "it", "is");

    /** The labels of {@link #topics}; a text carries one when it holds one of the label's words. */
    public static final List<String> TOPICS = List.of("positive", "negative", "plot", "actor");
    private static final List<List<String>> TOPIC_WORDS = List.of(POSITIVE, NEGATIVE, List.of("plot"), List.of("actor"));
    private static final List<String> FILLER = List.of("the", "movie", "was", "a", "film", "and", "it", "is");

    private TinyPretrained() {}

    /** Writes config.json, vocab.txt and random model.safetensors (MLM layout, "bert." keys) into {@code dir}. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        vocab.addAll(POSITIVE);
        vocab.addAll(NEGATIVE);
        vocab.addAll(NEUTRAL);
        Files.write(dir.resolve("vocab.txt"), vocab, StandardCharsets.UTF_8);
        BertConfig config = BertConfig.tiny(vocab.size());
        Files.writeString(dir.resolve("config.json"), config.toJsonString(), StandardCharsets.UTF_8);
        BertForMaskedLM model = new BertForMaskedLM(config);
        Map<ai.djl.nn.Parameter, ai.djl.ndarray.types.Shape> shapes = Module.declaredShapes(model);
        Random rng = new Random(7);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        ParameterNames.of(model).forEach((key, p) -> {
            long[] shape = shapes.get(p).getShape();
            float[] v = new float[Math.toIntExact(shapes.get(p).size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = key.endsWith("LayerNorm.weight") ? 1f : key.endsWith("bias") ? 0f : (float) (rng.nextGaussian() * 0.2);
            }
            tensors.put(key, HostTensor.ofFloats(shape, v));
        });
        Safetensors.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        return dir;
    }

    /** Writes {@code data} as a CSV file with a header "text,label", as a user would hand it to the CLI. */
    /**
     * The tiny model of {@link #write} as a sentence-transformers directory: Transformer then Pooling in
     * modules.json, 1_Pooling/config.json as given, and {@code max_seq_length} in sentence_bert_config.json.
     */
    public static Path writeSentenceTransformers(Path dir, String poolingConfig, int maxSeqLength) throws IOException {
        write(dir);
        Files.writeString(dir.resolve("modules.json"), "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", "
                + "\"type\": \"sentence_transformers.models.Transformer\"}, {\"idx\": 1, \"name\": \"1\", "
                + "\"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"}]");
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.writeString(dir.resolve("1_Pooling/config.json"), poolingConfig);
        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": " + maxSeqLength + "}");
        return dir;
    }

    public static Path writeCsv(Path file, Dataset data) throws IOException {
        List<String> lines = new ArrayList<>(List.of("text,label"));
        for (int i = 0; i < data.size(); i++) {
            lines.add("\"" + data.text(i) + "\"," + data.labelMap().name(data.label(i)));
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * {@code n} short multi-label texts, each carrying one or two of {@link #TOPICS} (1.5 of 4 on average,
     * so always predicting every label scores micro-F1 0.55): a word of each carried label among 3 to 7
     * filler words, in random order.
     */
    public static Dataset topics(int n, long seed) {
        Random rng = new Random(seed);
        List<String> texts = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            int first = i % TOPICS.size();
            int[] carried = rng.nextBoolean() ? new int[] {first}
                    : IntStream.of(first, (first + 1 + rng.nextInt(TOPICS.size() - 1)) % TOPICS.size())
                            .sorted().toArray();
            List<String> words = new ArrayList<>();
            for (int label : carried) {
                List<String> cue = TOPIC_WORDS.get(label);
                words.add(cue.get(rng.nextInt(cue.size())));
                words.add(cue.get(rng.nextInt(cue.size())));
            }
            for (int w = 3 + rng.nextInt(5); w > 0; w--) {
                words.add(FILLER.get(rng.nextInt(FILLER.size())));
            }
            Collections.shuffle(words, rng);
            texts.add(String.join(" ", words));
            labels.add(carried);
            rows[i] = i;
        }
        return new Dataset(texts, labels, new LabelMap(TOPICS), true, rows, "synthetic-topics");
    }

    /** Writes {@code data} as JSON lines, {"text": …, "label": [names…]}, as a user would hand multi-label data to the CLI. */
    public static Path writeJsonl(Path file, Dataset data) throws IOException {
        Gson gson = new Gson();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonObject o = new JsonObject();
            o.addProperty("text", data.text(i));
            JsonArray names = new JsonArray();
            for (int id : data.labels().get(i)) {
                names.add(data.labelMap().name(id));
            }
            o.add("label", names);
            lines.add(gson.toJson(o));
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** {@code n} short reviews; the label follows the majority of sentiment words. */
    public static Dataset sentiment(int n, long seed) {
        Random rng = new Random(seed);
        List<String> texts = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            List<String> cue = label == 1 ? POSITIVE : NEGATIVE;
            List<String> words = new ArrayList<>();
            int len = 4 + rng.nextInt(8);
            for (int w = 0; w < len; w++) {
                words.add(w % 3 == 0 ? cue.get(rng.nextInt(cue.size())) : NEUTRAL.get(rng.nextInt(NEUTRAL.size())));
            }
            texts.add(String.join(" ", words));
            labels.add(new int[] {label});
            rows[i] = i;
        }
        return new Dataset(texts, labels, new LabelMap(List.of("negative", "positive")), false, rows, "synthetic");
    }
}
