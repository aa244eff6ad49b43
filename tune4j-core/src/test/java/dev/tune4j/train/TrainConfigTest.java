package dev.tune4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.engine.Precision;
import dev.tune4j.infer.Pooling;
import dev.tune4j.tokenize.Truncation;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

    /** FACTS: the tutorial freezes BERT and trains Linear(768,512)→ReLU→Dropout(0.1)→Linear(512,2) on [CLS]. */
    @Test
    void seedRecipeIsTheTutorialsFrozenBertRecipe() {
        TrainConfig c = TrainConfig.seedRecipe().build();
        assertEquals(new FeatureExtraction(), c.technique());
        assertTrue(c.technique().frozenBackbone() && c.technique().featuresOnce());
        assertEquals(Recipe.SEED, c.recipe());
        assertEquals(new HeadConfig(HeadConfig.Kind.MLP, 512, 0.1f, Pooling.CLS, 2), c.head(2));
        assertEquals(1e-5f, c.learningRate());
        assertEquals(32, c.batchSize());
        assertEquals(5, c.epochs());
        assertEquals(0f, c.warmupRatio());
        assertFalse(c.linearDecay());
        assertEquals(0, c.patience(), "every epoch runs; the best validation loss is kept");
        assertEquals(Metric.VAL_LOSS, c.metric());
        assertEquals(250, c.maxLength());
        assertEquals(Truncation.HEAD, c.truncation());
        assertEquals(0.2f, c.valFraction());
        assertEquals(42, c.seed());
        assertEquals(Precision.FP32, c.dtype());
    }

    @Test
    void recipeAndBackboneDropoutSurviveTheRunConfig() {
        TrainConfig seed = TrainConfig.seedRecipe(new FeatureExtraction(true)).build();
        JsonObject json = seed.toJson();
        assertEquals("seed", json.get("recipe").getAsString());
        assertEquals("feature-extraction", json.get("method").getAsString());
        TrainConfig back = TrainConfig.fromJson(json);
        assertEquals(Recipe.SEED, back.recipe());
        assertEquals(new FeatureExtraction(true), back.technique());
        assertFalse(back.technique().featuresOnce(), "backbone dropout recomputes features every batch");

        TrainConfig full = TrainConfig.builder(new FullFineTuning()).build();
        assertEquals("none", full.toJson().get("recipe").getAsString());
        JsonObject old = full.toJson();
        old.remove("recipe"); // a run.json from before recipes were recorded
        assertEquals(Recipe.NONE, TrainConfig.fromJson(old).recipe());
    }

    @Test
    void unknownRecipeNamesTheOneThereIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipe.fromCliName("tutorial"));
        assertEquals("Unknown recipe 'tutorial'; the only recipe is 'seed'", e.getMessage());
    }
}
