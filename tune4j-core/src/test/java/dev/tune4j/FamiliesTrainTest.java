package dev.tune4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.adapt.Adapters;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.adapt.Lora;
import dev.tune4j.adapt.Technique;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.data.Dataset;
import dev.tune4j.infer.Pooling;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LoRA, full fine-tuning, adapters and feature extraction on tiny RoBERTa, DistilBERT and ELECTRA directories: they
 * train, save in the family's Hugging Face layout, and the saved model predicts exactly what the trained one did. bench/parity/families_peft_parity.py checks
 * that transformers and PEFT load the same directories.
 */
class FamiliesTrainTest {

    private static final List<String> TEXTS = List.of("great wonderful love the movie", "awful boring hate the film",
            "the plot was fine", "bad actor");

    @ParameterizedTest
    @CsvSource({"roberta, lora", "roberta, full", "distilbert, lora", "distilbert, full", "roberta, adapter",
            "distilbert, feature-extraction", "electra, full", "xlm-roberta, full"})
    void trainsSavesAndReloadsToTheSamePredictions(String family, String method, @TempDir Path tmp) throws Exception {
        Path base = TinyFamilies.write(tmp.resolve(family), family);
        Technique technique = switch (method) {
            case "lora" -> new Lora(new LoraConfig(4, 8f, 0f, EnumSet.of(LoraTarget.QUERY, LoraTarget.VALUE)));
            case "adapter" -> new Adapters(new AdapterConfig(8, AdapterPlacement.FFN), true);
            case "feature-extraction" -> new FeatureExtraction();
            default -> new FullFineTuning();
        };
        TrainConfig config = TrainConfig.builder(technique).model(base.toString()).maxLength(32).batchSize(16).epochs(2)
                .learningRate(1e-3f).head(HeadConfig.Kind.HF, 0, 0.1f).pooling(Pooling.CLS).cacheFeatures(false).build();
        Dataset data = TinyPretrained.sentiment(60, 5);
        Path run = tmp.resolve("run");
        float[][] trained;
        try (Classifier c = Classifier.train(config, data, run, TrainingListener.SILENT).classifier()) {
            trained = c.predictProba(TEXTS);
        }
        try (Classifier loaded = Classifier.load(run.resolve("model"))) {
            float[][] reloaded = loaded.predictProba(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(trained[i], reloaded[i], 1e-6f, "text " + i);
            }
        }
        JsonObject saved = JsonParser.parseString(Files.readString(run.resolve("model/config.json"))).getAsJsonObject();
        assertEquals(family, saved.get("model_type").getAsString());
        if (method.equals("full") || method.equals("feature-extraction")) {
            String expected = Map.of("roberta", "RobertaForSequenceClassification", "distilbert",
                    "DistilBertForSequenceClassification", "electra", "ElectraForSequenceClassification", "xlm-roberta",
                    "XLMRobertaForSequenceClassification").get(family);
            assertEquals(expected, saved.getAsJsonArray("architectures").get(0).getAsString());
        } else if (method.equals("lora")) {
            JsonObject peft = JsonParser.parseString(Files.readString(run.resolve("model/adapter_config.json"))).getAsJsonObject();
            String targets = peft.get("target_modules").toString();
            assertEquals(family.equals("roberta") ? "[\"query\",\"value\"]" : "[\"q_lin\",\"v_lin\"]", targets);
            var keys = dev.tune4j.checkpoint.Safetensors.read(run.resolve("model/adapter_model.safetensors")).tensors().keySet();
            String key = family.equals("roberta") ? "base_model.model.roberta.encoder.layer.0.attention.self.query.lora_A.weight"
                    : "base_model.model.distilbert.transformer.layer.0.attention.q_lin.lora_A.weight";
            assertTrue(keys.contains(key), keys.toString());
        }
    }
}
