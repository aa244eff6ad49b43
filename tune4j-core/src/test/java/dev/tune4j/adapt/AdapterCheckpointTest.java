package dev.tune4j.adapt;

import static dev.tune4j.adapt.AdapterTechniquesTest.TEXTS;
import static dev.tune4j.adapt.AdapterTechniquesTest.logits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Classifier;
import dev.tune4j.TinyPretrained;
import dev.tune4j.Tune4jException;
import dev.tune4j.checkpoint.HostTensor;
import dev.tune4j.checkpoint.Safetensors;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.config.BertConfig;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.data.LabelMap;
import dev.tune4j.infer.Pooling;
import dev.tune4j.model.Module;
import dev.tune4j.model.ParameterNames;
import dev.tune4j.classify.SequenceClassifier;
import dev.tune4j.tokenize.Truncation;
import dev.tune4j.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adapter-only checkpoints: what they hold, PEFT's layout, round trips, base verification, merge. */
class AdapterCheckpointTest {

    @TempDir
    static Path tmp;

    static Path pretrained;
    static final LabelMap LABELS = new LabelMap(List.of("negative", "positive"));
    static final HeadConfig HEAD = new HeadConfig(HeadConfig.Kind.LINEAR, 0, 0.1f, Pooling.CLS, 2);

    @BeforeAll
    static void setUp() throws Exception {
        pretrained = TinyPretrained.write(tmp.resolve("tiny-bert"));
    }

    /** A model of {@code technique} whose trainable weights are random (as if trained). */
    static ClassifierModel trained(Path base, Technique technique) {
        ClassifierModel m = ClassifierModel.fromPretrained(base, HEAD, technique.additions(), LABELS, 32, Truncation.HEAD, 42);
        Random rng = new Random(5);
        ParameterNames.of(m.block()).forEach((key, p) -> {
            if (technique.trains(key)) {
                NDArray a = p.getArray();
                float[] v = a.toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] += (float) (rng.nextGaussian() * 0.3);
                }
                a.set(v);
            }
        });
        return m;
    }

    @Test
    void loraCheckpointHoldsOnlyTrainedWeightsUnderPeftNamesAndRoundTrips() throws Exception {
        Lora lora = new Lora(new LoraConfig(4, 8f, 0.1f, EnumSet.of(LoraTarget.QUERY, LoraTarget.VALUE)));
        Path dir = tmp.resolve("lora-adapter");
        Path full = tmp.resolve("lora-full");
        float[] expected;
        try (ClassifierModel m = trained(pretrained, lora)) {
            expected = logits(m, TEXTS);
            m.saveAdapters(dir, pretrained.toString(), lora::trains);
            m.save(full, pretrained.toString());
        }
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
        Map<String, HostTensor> tensors = Safetensors.read(dir.resolve("adapter_model.safetensors")).tensors();
        Set<String> keys = new TreeSet<>();
        for (int layer = 0; layer < 2; layer++) {
            for (String target : List.of("query", "value")) {
                String prefix = "base_model.model.bert.encoder.layer." + layer + ".attention.self." + target;
                keys.add(prefix + ".lora_A.weight");
                keys.add(prefix + ".lora_B.weight");
            }
        }
        keys.add("base_model.model.classifier.weight");
        keys.add("base_model.model.classifier.bias");
        assertEquals(keys, new TreeSet<>(tensors.keySet()));
        assertArrayEquals(new long[] {4, 32}, tensors.get("base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight").shape());
        assertArrayEquals(new long[] {32, 4}, tensors.get("base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight").shape());
        assertTrue(Files.size(dir.resolve("adapter_model.safetensors")) * 10 < Files.size(full.resolve("model.safetensors")));

        JsonObject peft = JsonParser.parseString(Files.readString(dir.resolve("adapter_config.json"))).getAsJsonObject();
        assertEquals("LORA", peft.get("peft_type").getAsString());
        assertEquals("SEQ_CLS", peft.get("task_type").getAsString());
        assertEquals(4, peft.get("r").getAsInt());
        assertEquals(8f, peft.get("lora_alpha").getAsFloat());
        assertEquals(0.1f, peft.get("lora_dropout").getAsFloat(), 1e-7);
        assertEquals("[\"query\",\"value\"]", peft.get("target_modules").toString());
        assertEquals("[\"classifier\"]", peft.get("modules_to_save").toString());
        assertEquals(pretrained.toAbsolutePath().toString(), peft.get("base_model_name_or_path").getAsString());

        try (ClassifierModel loaded = ClassifierModel.load(dir)) {
            assertArrayEquals(expected, logits(loaded, TEXTS), "adapter-only round trip");
        }
        try (ClassifierModel loaded = ClassifierModel.load(full)) {
            assertArrayEquals(expected, logits(loaded, TEXTS), "full round trip (unmerged LoRA kept as modules)");
        }
    }

    @Test
    void mergeWritesAStandalonePlainModelThatPredictsTheSame() throws Exception {
        Lora lora = new Lora(new LoraConfig(4, 8f, 0f, EnumSet.allOf(LoraTarget.class)));
        Path dir = tmp.resolve("lora-all");
        float[] expected;
        try (ClassifierModel m = trained(pretrained, lora)) {
            expected = logits(m, TEXTS);
            m.saveAdapters(dir, pretrained.toString(), lora::trains);
        }
        JsonObject peft = JsonParser.parseString(Files.readString(dir.resolve("adapter_config.json"))).getAsJsonObject();
        assertTrue(peft.get("target_modules").getAsString().contains("|output\\.dense)"), peft.toString());
        Path merged = tmp.resolve("lora-merged");
        Classifier.merge(dir, merged);
        Map<String, HostTensor> tensors = Safetensors.read(merged.resolve("model.safetensors")).tensors();
        assertTrue(tensors.keySet().stream().noneMatch(ParameterNames::isAdded), "no LoRA keys in a merged model");
        JsonObject config = JsonParser.parseString(Files.readString(merged.resolve("config.json"))).getAsJsonObject();
        assertFalse(config.getAsJsonObject("tune4j").has("additions"));
        try (ClassifierModel loaded = ClassifierModel.load(merged)) {
            assertTrue(loaded.additions().isNone());
            assertArrayEquals(expected, logits(loaded, TEXTS), 1e-5f, "merged model");
        }
    }

    @Test
    void houlsbyCheckpointKeepsAdaptersAndTrainedLayerNorms() throws Exception {
        Adapters adapters = new Adapters(new AdapterConfig(8, AdapterPlacement.BOTH), true);
        Path dir = tmp.resolve("houlsby");
        float[] expected;
        try (ClassifierModel m = trained(pretrained, adapters)) {
            expected = logits(m, TEXTS);
            m.saveAdapters(dir, pretrained.toString(), adapters::trains);
        }
        Set<String> keys = Safetensors.read(dir.resolve("adapter_model.safetensors")).tensors().keySet();
        assertTrue(keys.contains("base_model.model.bert.encoder.layer.1.attention.output.adapter.down.weight"), keys.toString());
        assertTrue(keys.contains("base_model.model.bert.encoder.layer.1.output.adapter.up.bias"), keys.toString());
        assertTrue(keys.contains("base_model.model.bert.embeddings.LayerNorm.weight"), keys.toString());
        assertFalse(keys.contains("base_model.model.bert.encoder.layer.0.attention.self.query.weight"));
        assertFalse(Files.exists(dir.resolve("adapter_config.json")), "PEFT has no Houlsby config to write");
        try (ClassifierModel loaded = ClassifierModel.load(dir)) {
            assertArrayEquals(expected, logits(loaded, TEXTS));
        }
        Path standalone = tmp.resolve("houlsby-full");
        Classifier.merge(dir, standalone);
        try (ClassifierModel loaded = ClassifierModel.load(standalone)) {
            assertEquals(8, loaded.additions().adapters().size());
            assertArrayEquals(expected, logits(loaded, TEXTS));
        }
    }

    @Test
    void loadingAgainstAChangedBaseModelIsAClearError() throws Exception {
        Path base = TinyPretrained.write(tmp.resolve("tiny-bert-copy"));
        Lora lora = Lora.standard();
        Path dir = tmp.resolve("lora-on-copy");
        try (ClassifierModel m = trained(base, lora)) {
            m.saveAdapters(dir, base.toString(), lora::trains);
        }
        byte[] weights = Files.readAllBytes(base.resolve("model.safetensors"));
        weights[weights.length - 1] ^= 1;
        Files.write(base.resolve("model.safetensors"), weights);
        Tune4jException e = assertThrows(Tune4jException.class, () -> ClassifierModel.load(dir));
        assertTrue(e.getMessage().contains("trained on base model") && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void techniqueHyperparametersSurviveTheRunConfig() {
        for (Technique t : List.of(new Lora(new LoraConfig(16, 32f, 0.05f, EnumSet.of(LoraTarget.KEY, LoraTarget.OUTPUT))),
                new Adapters(new AdapterConfig(32, AdapterPlacement.BOTH), true), new Adapters(new AdapterConfig(48, AdapterPlacement.FFN), false),
                Lora.standard(), Adapters.standard())) {
            TrainConfig config = TrainConfig.builder(t).merge(true).build();
            TrainConfig back = TrainConfig.fromJson(config.toJson());
            assertEquals(t, back.technique());
            assertTrue(back.merge());
        }
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder(new FullFineTuning()).merge(true).build());
    }

    /**
     * Runs and checkpoints from before placements existed have adapters at both residuals and say nothing of
     * placement; they must not read as today's default of one adapter per layer.
     */
    @Test
    void configsWithoutAPlacementReadAsBothResiduals() {
        assertEquals(AdapterPlacement.FFN, Adapters.standard().config().placement());
        JsonObject run = JsonParser.parseString("{\"method\": \"adapter\", \"adapter_size\": 64, \"train_layernorm\": false}")
                .getAsJsonObject();
        assertEquals(new AdapterConfig(64, AdapterPlacement.BOTH), ((Adapters) Technique.fromJson(run)).config());
        assertEquals(new AdapterConfig(8, AdapterPlacement.BOTH),
                AdapterConfig.fromJson(JsonParser.parseString("{\"size\": 8}").getAsJsonObject()));
        JsonObject now = Adapters.standard().toJson();
        assertEquals(Adapters.standard().config(), ((Adapters) Technique.fromJson(now)).config());
    }

    /**
     * bert-base-uncased's shapes, no weights: LoRA r=8 on query and value adds 12 × 2 × (8·768 + 768·8);
     * adapters at m=64 add one per layer by default, 12 × (768·64 + 64 + 64·768 + 768), and twice that at
     * both residuals (Houlsby).
     */
    @Test
    void parameterCountsOfBertBase() {
        BertConfig config = BertConfig.base(30522);
        HeadConfig head = new HeadConfig(HeadConfig.Kind.LINEAR, 0, 0.1f, Pooling.POOLER, 2);
        long base = count(new SequenceClassifier(config, head), k -> !k.startsWith("classifier."));
        long lora = count(new SequenceClassifier(config, head, Lora.standard().additions()), ParameterNames::isAdded);
        long adapters = count(new SequenceClassifier(config, head, Adapters.standard().additions()), ParameterNames::isAdded);
        long houlsby = count(new SequenceClassifier(config, head, new Adapters(new AdapterConfig(64, AdapterPlacement.BOTH),
                false).additions()), ParameterNames::isAdded);
        long layerNorms = count(new SequenceClassifier(config, head), k -> k.contains("LayerNorm."));
        System.out.printf("bert-base-uncased: base %,d; LoRA r=8 q,v %,d (%.2f%%); adapters m=64 %,d (%.2f%%), at both "
                + "residuals %,d; LayerNorms %,d%n", base, lora, 100.0 * lora / base, adapters, 100.0 * adapters / base,
                houlsby, layerNorms);
        assertEquals(109_482_240, base);
        assertEquals(294_912, lora);
        assertEquals(1_189_632, adapters);
        assertEquals(2_379_264, houlsby);
        assertEquals(38_400, layerNorms);
    }

    private static long count(SequenceClassifier model, java.util.function.Predicate<String> keep) {
        Map<Parameter, ai.djl.ndarray.types.Shape> shapes = Module.declaredShapes(model);
        return ParameterNames.of(model).entrySet().stream().filter(e -> keep.test(e.getKey()))
                .mapToLong(e -> shapes.get(e.getValue()).size()).sum();
    }
}
