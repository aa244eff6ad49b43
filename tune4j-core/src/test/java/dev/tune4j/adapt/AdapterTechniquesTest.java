package dev.tune4j.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tune4j.TinyPretrained;
import dev.tune4j.Tune4jException;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.config.AdapterConfig;
import dev.tune4j.config.AdapterPlacement;
import dev.tune4j.config.Additions;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.data.Split;
import dev.tune4j.data.Splits;
import dev.tune4j.engine.Torch;
import dev.tune4j.infer.Pooling;
import dev.tune4j.model.LoraDense;
import dev.tune4j.model.ParameterNames;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.tokenize.Truncation;
import dev.tune4j.train.ClassifierTrainer;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The properties that make adapters and LoRA trustworthy, on a tiny random BERT. */
class AdapterTechniquesTest {

    static final List<String> TEXTS = List.of("great movie and a wonderful plot", "awful boring film", "the actor was fine",
            "hate it");
    static final LoraConfig ALL_TARGETS = new LoraConfig(4, 8f, 0.1f, EnumSet.allOf(LoraTarget.class));

    @TempDir
    static Path tmp;

    static Path pretrained;
    static Split split;

    @BeforeAll
    static void setUp() throws Exception {
        pretrained = TinyPretrained.write(tmp.resolve("tiny-bert"));
        split = Splits.stratified(TinyPretrained.sentiment(120, 1), 0.2, 42);
    }

    static ClassifierModel model(Additions additions) {
        HeadConfig head = new HeadConfig(HeadConfig.Kind.LINEAR, 0, 0.1f, Pooling.CLS, 2);
        return ClassifierModel.fromPretrained(pretrained, head, additions, split.train().labelMap(), 32, Truncation.HEAD, 42);
    }

    @Test
    void freshAdapterAndLoraGiveExactlyTheBaseOutputs() {
        float[] base;
        try (ClassifierModel m = model(Additions.NONE)) {
            base = logits(m, TEXTS);
        }
        for (Additions additions : List.of(Additions.of(new AdapterConfig(8, AdapterPlacement.BOTH)), Additions.of(ALL_TARGETS))) {
            try (ClassifierModel m = model(additions)) {
                assertTrue(ParameterNames.of(m.block()).keySet().stream().anyMatch(ParameterNames::isAdded));
                assertArrayEquals(base, logits(m, TEXTS), additions + " changed the fresh model's logits");
            }
        }
    }

    @Test
    void mergedForwardEqualsUnmergedForwardAndUnmergeRestoresTheWeights() {
        try (ClassifierModel m = model(Additions.of(ALL_TARGETS))) {
            List<LoraDense> loras = LoraDense.in(m.block());
            assertEquals(2 * 6, loras.size(), "six targets in each of two layers");
            randomiseB(loras, 0.5f);
            Map<String, float[]> before = snapshot(m);
            float[] unmerged = logits(m, TEXTS);
            m.merge();
            assertTrue(m.merged());
            float[] merged = logits(m, TEXTS);
            assertArrayEquals(unmerged, merged, 1e-5f, "merged logits");
            String q = "bert.encoder.layer.0.attention.self.query.weight";
            assertFalse(java.util.Arrays.equals(before.get(q), snapshot(m).get(q)), "merge changes the base weight");
            m.unmerge();
            Map<String, float[]> after = snapshot(m);
            before.forEach((key, v) -> assertArrayEquals(v, after.get(key), 1e-6f, key + " after unmerge"));
            assertArrayEquals(unmerged, logits(m, TEXTS), 1e-5f);
        }
    }

    @Test
    void mergeRefusesANonFiniteResultAndLeavesTheWeightsAlone() {
        try (ClassifierModel m = model(Additions.of(ALL_TARGETS))) {
            List<LoraDense> loras = LoraDense.in(m.block());
            randomiseB(loras, 0.5f);
            NDArray lastB = loras.get(loras.size() - 1).loraB().getArray();
            float[] poisoned = lastB.toFloatArray();
            poisoned[0] = Float.NaN;
            lastB.set(poisoned);
            Map<String, float[]> before = snapshot(m);
            Tune4jException e = assertThrows(Tune4jException.class, m::merge);
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
            assertFalse(m.merged());
            Map<String, float[]> after = snapshot(m);
            before.forEach((key, v) -> assertArrayEquals(v, after.get(key), key + " changed"));
        }
    }

    @Test
    void onlyAdapterParametersChangeAfterOneStep() {
        List<Technique> techniques = List.of(new Lora(ALL_TARGETS), new Adapters(new AdapterConfig(8, AdapterPlacement.BOTH), false),
                new Adapters(new AdapterConfig(8, AdapterPlacement.BOTH), true));
        for (Technique technique : techniques) {
            // One optimizer step: the whole training set in one batch.
            TrainConfig config = TrainConfig.builder(technique).model(pretrained.toString()).maxLength(32)
                    .batchSize(split.train().size()).epochs(1).warmupRatio(0).head(HeadConfig.Kind.LINEAR, 0, 0.1f)
                    .pooling(Pooling.CLS).build();
            try (ClassifierModel m = model(technique.additions())) {
                Map<String, float[]> before = snapshot(m);
                new ClassifierTrainer(config, TrainingListener.SILENT).fit(m, split.train(), split.val(),
                        tmp.resolve("step-" + technique.toJson().toString().hashCode()), false);
                Map<String, float[]> after = snapshot(m);
                int changedLayerNorms = 0;
                for (String key : before.keySet()) {
                    boolean changed = !java.util.Arrays.equals(before.get(key), after.get(key));
                    if (!technique.trains(key)) {
                        assertFalse(changed, technique.cliName() + ": frozen " + key + " changed");
                    } else if (key.startsWith("classifier.") || key.contains(".lora_B.") || key.contains(".adapter.up.")) {
                        assertTrue(changed, technique.cliName() + ": " + key + " did not train");
                    }
                    changedLayerNorms += changed && key.contains("LayerNorm.") ? 1 : 0;
                }
                boolean layerNorms = technique instanceof Adapters a && a.trainLayerNorm();
                assertEquals(layerNorms, changedLayerNorms > 0, technique + ": LayerNorms changed " + changedLayerNorms);
            }
        }
    }

    static void randomiseB(List<LoraDense> loras, float std) {
        Random rng = new Random(3);
        for (LoraDense l : loras) {
            NDArray b = l.loraB().getArray();
            float[] v = new float[Math.toIntExact(b.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * std);
            }
            b.set(v);
        }
    }

    /** Logits (texts × 2) with dropout off. */
    static float[] logits(ClassifierModel m, List<String> texts) {
        Torch.gradMode(false);
        List<Encoding> encodings = m.encode(texts);
        try (NDManager scope = m.manager().newSubManager()) {
            Batch batch = Batch.padded(encodings, IntStream.range(0, texts.size()).toArray(), m.padId());
            Shape shape = new Shape(batch.shape());
            NDList inputs = new NDList(scope.create(batch.inputIds(), shape), scope.create(batch.typeIds(), shape),
                    scope.create(batch.attentionMask(), shape));
            return m.block().forward(new ParameterStore(scope, false), inputs, false).singletonOrThrow().toFloatArray();
        }
    }

    static Map<String, float[]> snapshot(ClassifierModel m) {
        Map<String, float[]> out = new HashMap<>();
        for (Map.Entry<String, Parameter> e : ParameterNames.of(m.block()).entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
