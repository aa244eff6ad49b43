package dev.tune4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.adapt.Lora;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.classify.ProblemType;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.LabelMap;
import dev.tune4j.eval.MultiLabelMetrics;
import dev.tune4j.infer.Pooling;
import dev.tune4j.tokenize.Truncation;
import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.Metric;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-label training end to end through the library: BCE, sigmoid predictions, saving and reloading. */
class MultiLabelClassifierTest {

    @TempDir
    static Path tmp;

    private static Path pretrained;
    private static Dataset data;
    private static Classifier.Run run;

    @BeforeAll
    static void train() throws Exception {
        pretrained = TinyPretrained.write(tmp.resolve("tiny-bert"));
        data = TinyPretrained.topics(300, 1);
        // Mean pooling sees every token at once, which a random tiny backbone's [CLS] does not yet. At 8 epochs
        // the validation micro-F1 ranged 0.79–0.97 over seeds 1–6; at 16 it was 0.99–1.00.
        TrainConfig config = TrainConfig.builder(new FullFineTuning()).model(pretrained.toString()).maxLength(32)
                .batchSize(16).epochs(16).learningRate(5e-3f).pooling(Pooling.MEAN).metric(Metric.MICRO_F1)
                .cacheFeatures(false).build();
        run = Classifier.train(config, data, tmp.resolve("run"), TrainingListener.SILENT);
    }

    @AfterAll
    static void close() {
        run.classifier().close();
    }

    @Test
    void learnsWhichTopicWordsATextHoldsFarAboveChance() {
        MultiLabelMetrics v = (MultiLabelMetrics) run.validation();
        // Predicting every label scores micro-F1 0.55 and subset accuracy 0 on this data.
        assertTrue(v.microF1() >= 0.95, "micro-F1 " + v.microF1());
        assertTrue(v.subsetAccuracy() >= 0.9, "subset accuracy " + v.subsetAccuracy());
        EpochMetrics best = run.result().best();
        assertEquals(v.microF1(), best.valMicroF1(), 1e-9, "the epoch's scores are the report's");
        assertEquals(v.subsetAccuracy(), best.valAccuracy(), 1e-9);
        assertEquals(v.macroF1(), best.valMacroF1(), 1e-9);
        assertTrue(run.result().epochs().get(0).trainLoss() > run.result().epochs().get(15).trainLoss());
    }

    @Test
    void savedModelIsMarkedMultiLabelAndReloadsPredictingIdentically() throws Exception {
        Path model = run.dir().resolve("model");
        JsonObject config = JsonParser.parseString(Files.readString(model.resolve("config.json"))).getAsJsonObject();
        assertEquals("multi_label_classification", config.get("problem_type").getAsString());
        List<String> texts = run.split().val().texts();
        try (Classifier loaded = Classifier.load(model)) {
            assertTrue(loaded.multiLabel());
            float[][] before = run.classifier().predictProba(texts);
            float[][] after = loaded.predictProba(texts);
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], 1e-6f);
            }
            Classifier.Prediction p = loaded.predict(List.of("great fine the plot film plot")).get(0);
            assertEquals(List.of("plot", "positive"), p.labels().stream().sorted().toList(), p.toString());
            // Sigmoids: each label stands alone, so the probabilities need not sum to 1.
            assertNotEquals(1.0, p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 0.05);
            // A threshold between the two labels' probabilities keeps only the more probable one.
            double plot = p.probabilities().get("plot");
            double positive = p.probabilities().get("positive");
            float between = (float) ((plot + positive) / 2);
            assertEquals(List.of(plot > positive ? "plot" : "positive"),
                    loaded.predict(List.of("great fine the plot film plot"), between).get(0).labels());
        }
    }

    @Test
    void singleLabelMetricsOfAMultiLabelModelAreAOneLineError() {
        Tune4jException e = assertThrows(Tune4jException.class, () -> run.classifier().evaluate(data));
        assertEquals("this classifier is multi-label, so accuracy, the confusion matrix and ROC-AUC do not apply; "
                + "use evaluateMultiLabel", e.getMessage());
        MultiLabelMetrics again = run.classifier().evaluateMultiLabel(run.split().val(), 0.5f, TrainingListener.SILENT);
        assertEquals(((MultiLabelMetrics) run.validation()).microF1(), again.microF1(), 1e-9);
    }

    @Test
    void adapterOnlyCheckpointKeepsTheProblemType() {
        Lora lora = new Lora(new LoraConfig(4, 8f, 0.1f, EnumSet.of(LoraTarget.QUERY, LoraTarget.VALUE)));
        HeadConfig head = new HeadConfig(HeadConfig.Kind.LINEAR, 0, 0.1f, Pooling.CLS, 4, ProblemType.MULTI_LABEL);
        Path dir = tmp.resolve("lora/model");
        float[][] before;
        try (ClassifierModel m = ClassifierModel.fromPretrained(pretrained, head, lora.additions(),
                new LabelMap(TinyPretrained.TOPICS), 32, Truncation.HEAD, 42)) {
            before = m.predictProba(data.texts().subList(0, 8));
            m.saveAdapters(dir, pretrained.toString(), lora::trains);
        }
        try (ClassifierModel loaded = ClassifierModel.load(dir)) {
            assertEquals(ProblemType.MULTI_LABEL, loaded.head().problem());
            float[][] after = loaded.predictProba(data.texts().subList(0, 8));
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], 1e-6f);
            }
        }
    }
}
