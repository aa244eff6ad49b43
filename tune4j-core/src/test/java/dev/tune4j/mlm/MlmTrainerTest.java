package dev.tune4j.mlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.TinyPretrained;
import dev.tune4j.classify.ClassifierModel;
import dev.tune4j.classify.HeadConfig;
import dev.tune4j.config.BertConfig;
import dev.tune4j.data.LabelMap;
import dev.tune4j.infer.FillMask;
import dev.tune4j.infer.Pooling;
import dev.tune4j.tokenize.Truncation;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlmTrainerTest {

    @TempDir
    static Path tmp;

    private static Path tiny;

    @BeforeAll
    static void setUp() throws Exception {
        tiny = TinyPretrained.write(tmp.resolve("tiny-bert"));
    }

    /**
     * Documents that repeat one word of the tiny vocabulary: a masked word follows from the rest of its
     * document, which a model from scratch learns in a few hundred steps (a harder pattern first sits
     * on the unigram plateau for longer than a unit test should run).
     */
    static List<String> patternedCorpus(int n, long seed) {
        List<String> words = new ArrayList<>(TinyPretrained.POSITIVE);
        words.addAll(TinyPretrained.NEGATIVE);
        Random rng = new Random(seed);
        List<String> docs = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            docs.add((words.get(rng.nextInt(words.size())) + " ").repeat(6).strip());
        }
        return docs;
    }

    @Test
    void pretrainingFromScratchDrivesHeldOutLossWellBelowItsStart() {
        MlmConfig config = new MlmConfig(8, 8, 0, 2e-3f, 0.01f, 0.1f, 1.0f, 8, 0.15f, false, 0.2f, 7);
        try (MlmModel model = MlmModel.fromScratch(BertConfig.tiny(25), tiny.resolve("vocab.txt"), 7)) {
            MlmTrainer.Result result = new MlmTrainer(config, TrainingListener.SILENT).fit(model, patternedCorpus(300, 1));
            assertEquals(9, result.epochs().size(), "epoch 0 plus 8");
            double start = result.before().valLoss();
            double end = result.last().valLoss();
            assertTrue(start > 2.5, "random init starts near ln(25): " + start);
            assertTrue(end < 0.5 * start, "held-out loss " + start + " -> " + end);
            assertTrue(result.epochs().get(1).trainLoss() > result.last().trainLoss());
        }
    }

    @Test
    void savedModelIsADirectoryThatFillMaskAndClassifierTrainingAccept() {
        Path out = tmp.resolve("mlm-out");
        MlmConfig config = new MlmConfig(1, 8, 4, 1e-3f, 0.01f, 0f, 1.0f, 16, 0.15f, true, 0.2f, 3);
        try (MlmModel model = MlmModel.load(tiny)) {
            new MlmTrainer(config, TrainingListener.SILENT).fit(model, patternedCorpus(40, 2));
            model.save(out, tiny.toString(), config.toJson());
        }
        try (FillMask fillMask = FillMask.load(out)) {
            assertEquals(1, fillMask.predict(List.of("great good [MASK] wonderful"), 3).get(0).masks().size());
        }
        HeadConfig head = new HeadConfig(HeadConfig.Kind.LINEAR, 0, 0.1f, Pooling.CLS, 2);
        try (ClassifierModel classifier = ClassifierModel.fromPretrained(out, head, new LabelMap(List.of("a", "b")), 32,
                Truncation.HEAD, 1)) {
            assertEquals(2, classifier.predictProba(List.of("great movie"))[0].length);
        }
    }
}
