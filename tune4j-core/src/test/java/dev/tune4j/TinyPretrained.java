package dev.tune4j;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny random "pretrained" BERT directory (2 layers, hidden 32) with a word-level vocabulary, and a
 * synthetic sentiment task on it, for training tests that must run in seconds.
 */
public final class TinyPretrained {

    public static final List<String> POSITIVE = List.of("great", "good", "love", "wonderful", "fine");
    public static final List<String> NEGATIVE = List.of("awful", "bad", "hate", "terrible", "boring");
    private static final List<String> NEUTRAL = List.of("the", "movie", "was", "a", "plot", "actor", "film", "and", "it", "is");

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
    public static Path writeCsv(Path file, Dataset data) throws IOException {
        List<String> lines = new ArrayList<>(List.of("text,label"));
        for (int i = 0; i < data.size(); i++) {
            lines.add("\"" + data.text(i) + "\"," + data.labelMap().name(data.label(i)));
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
