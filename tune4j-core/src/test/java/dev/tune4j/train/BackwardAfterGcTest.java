package dev.tune4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tune4j.TinyPretrained;
import dev.tune4j.adapt.Lora;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.config.LoraConfig;
import dev.tune4j.config.LoraTarget;
import dev.tune4j.data.Dataset;
import dev.tune4j.engine.Scalars;
import dev.tune4j.infer.Pooling;
import dev.tune4j.tokenize.Truncation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backward pass must not depend on what the JVM does between it and its forward. DJL's arithmetic with
 * a Java number keeps the number in a Java buffer that a garbage collection frees while autograd still
 * needs it (see {@link Scalars}); a training step runs seconds of forward on bert-base, so collections
 * in that window are routine. These tests force one there.
 */
class BackwardAfterGcTest {

    @TempDir
    static Path tmp;

    @Test
    void scalarProductsAndQuotientsKeepTheirOperandThroughACollection() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 50; trial++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.ones(new Shape(4));
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Scalars.div(Scalars.mul(x, 0.125), 2).sum();
                        churn(scope);
                        gc.backward(y);
                    }
                    try (NDArray g = x.getGradient()) {
                        assertArrayEquals(new float[] {0.0625f, 0.0625f, 0.0625f, 0.0625f}, g.toFloatArray(), "trial " + trial);
                    }
                }
            }
        }
    }

    @Test
    void loraTrainingGradientsAreTheSameWithACollectionBeforeTheBackward() throws Exception {
        Path pretrained = TinyPretrained.write(tmp.resolve("tiny-bert"));
        Dataset data = TinyPretrained.sentiment(16, 3);
        Map<String, float[]> quiet = gradients(pretrained, data, false);
        Map<String, float[]> collected = gradients(pretrained, data, true);
        assertTrue(quiet.values().stream().anyMatch(g -> g[0] != 0), "the step has gradients to compare");
        assertEquals(quiet.keySet(), collected.keySet());
        quiet.forEach((name, g) -> assertArrayEquals(g, collected.get(name), name));
    }

    /**
     * The trainable parameters' gradients after one forward/backward of a fresh LoRA model (LoRA on every
     * target, so the scaled LoRA path and attention's 1/√D are both in the graph), optionally with a
     * collection in between. Checks on the way that {@link Gradients#zero} clears them.
     */
    private static Map<String, float[]> gradients(Path pretrained, Dataset data, boolean collect) {
        Lora lora = new Lora(new LoraConfig(4, 8f, 0f, EnumSet.allOf(LoraTarget.class)));
        HeadConfig head = new HeadConfig(HeadConfig.Kind.MLP, 16, 0.1f, Pooling.CLS, 2);
        try (ClassifierModel model = ClassifierModel.fromPretrained(pretrained, head, lora.additions(), data.labelMap(), 32,
                Truncation.HEAD, 42)) {
            Map<String, Parameter> trainable = lora.configure(model.block());
            BatchSource source = new BatchSource.Tokens(model.block(), model.encode(data.texts()), model.padId());
            int[] labels = IntStream.range(0, data.size()).map(data::label).toArray();
            int[] rows = IntStream.range(0, labels.length).toArray();
            Engine.getInstance().setRandomSeed(7); // the same dropout masks in both runs
            try (NDManager scope = model.manager().newSubManager();
                 GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = source.logits(new ParameterStore(scope, false), rows, true, scope);
                NDArray loss = Scalars.mul(Losses.crossEntropy(logits, labels, null), 0.5);
                if (collect) {
                    churn(scope);
                }
                gc.backward(loss);
            }
            Map<String, float[]> out = new TreeMap<>();
            trainable.forEach((name, p) -> {
                try (NDArray g = p.getArray().getGradient()) {
                    out.put(name, g.toFloatArray());
                }
            });
            Gradients.zero(List.copyOf(trainable.values()));
            trainable.forEach((name, p) -> {
                try (NDArray g = p.getArray().getGradient()) {
                    assertEquals(0f, g.abs().max().getFloat(), name + " after Gradients.zero");
                }
            });
            return out;
        }
    }

    /** Frees Java-side buffers and lets the memory be handed out again, as a long forward pass would. */
    private static void churn(NDManager manager) {
        List<NDArray> junk = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            junk.add(manager.create(12_345.678f + i));
        }
        junk.forEach(NDArray::close);
        junk.clear();
        System.gc();
        try {
            Thread.sleep(20); // the Cleaner frees the buffers on its own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < 2_000; i++) {
            junk.add(manager.create(-9_999f));
        }
    }
}
