package dev.tune4j.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import dev.tune4j.TinyPretrained;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.LabelMap;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.mlm.MlmModel;
import dev.tune4j.tokenize.Truncation;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTest {

    @TempDir
    static Path tmp;

    private static Path tiny;
    private static final LabelMap LABELS = new LabelMap(List.of("negative", "positive"));
    private static final Template TEMPLATE = new Template("{text} it was [MASK]");

    @BeforeAll
    static void setUp() throws Exception {
        tiny = TinyPretrained.write(tmp.resolve("tiny-bert"));
    }

    @Test
    void templateNeedsExactlyOneTextAndOneMask() {
        assertEquals("Review: ", new Template("Review: {text} It was [MASK].").prefix());
        assertEquals(" It was [MASK].", Template.SENTIMENT.suffix());
        for (String bad : List.of("It was [MASK].", "{text} It was good.", "{text} {text} [MASK]", "{text} [MASK] [MASK]")) {
            Tune4jException e = assertThrows(Tune4jException.class, () -> new Template(bad));
            assertTrue(e.getMessage().contains("exactly once"), e.getMessage());
        }
    }

    @Test
    void verbalizerMapsLabelsByNameOrIdAndRejectsUnknownOrMissingLabels() {
        assertEquals(List.of(List.of("terrible", "bad"), List.of("great", "good")),
                Verbalizer.parse("0=terrible,bad;1=great,good").forLabels(LABELS));
        assertEquals(List.of(List.of("bad"), List.of("good")), Verbalizer.parse("positive=good; negative=bad").forLabels(LABELS));
        Tune4jException unknown = assertThrows(Tune4jException.class,
                () -> Verbalizer.parse("neutral=fine;positive=good").forLabels(LABELS));
        assertTrue(unknown.getMessage().contains("'neutral' is not a label"), unknown.getMessage());
        Tune4jException missing = assertThrows(Tune4jException.class,
                () -> Verbalizer.parse("positive=good;1=great").forLabels(LABELS));
        assertTrue(missing.getMessage().contains("twice"), missing.getMessage());
        assertThrows(Tune4jException.class, () -> Verbalizer.parse("0=bad"));
        assertThrows(Tune4jException.class, () -> Verbalizer.parse("0=;1=good"));
    }

    @Test
    void verbalizerWordsMustBeSingleTokensAndTheErrorShowsThePieces() {
        try (MlmModel model = MlmModel.load(tiny)) {
            Tune4jException e = assertThrows(Tune4jException.class, () -> new ClozeClassifier(model, TEMPLATE,
                    Verbalizer.parse("0=bad;1=superb"), LABELS, 32, Truncation.HEAD));
            assertTrue(e.getMessage().contains("'superb'") && e.getMessage().contains("[[UNK]]"), e.getMessage());
        }
    }

    @Test
    void zeroShotClozeTruncatesTheTextSoTheMaskAlwaysFitsAndGivesProbabilities() {
        try (ClozeClassifier cloze = new ClozeClassifier(MlmModel.load(tiny), TEMPLATE, Verbalizer.parse(Verbalizer.SENTIMENT),
                LABELS, 12, Truncation.HEAD)) {
            String longText = "the movie was a plot and the actor is fine and the film is good and it was boring";
            ClozeClassifier.Prompt p = cloze.prompts(List.of(longText)).get(0);
            assertEquals(12, p.encoding().length());
            assertEquals(cloze.model().tokenizer().maskId(), p.encoding().inputIds()[p.maskAt()]);
            assertEquals(10, p.maskAt(), "[CLS] 7 text tokens, it, was, [MASK], [SEP]");
            for (boolean calibrate : new boolean[] {false, true}) {
                float[][] probs = cloze.predictProba(List.of(longText, "great", "awful [MASK]"), calibrate);
                for (float[] row : probs) {
                    assertEquals(1.0, row[0] + row[1], 1e-5);
                }
            }
            Dataset data = TinyPretrained.sentiment(20, 5);
            ClassificationMetrics m = cloze.evaluate(data, true);
            assertEquals(20, m.examples());
        }
    }

    @Test
    void promptBasedFineTuningLearnsTheSyntheticTaskAndTheSavedModelClassifies() {
        TrainConfig config = TrainConfig.builder(new FullFineTuning()).model(tiny.toString()).maxLength(32).batchSize(16)
                .epochs(8).learningRate(2e-3f).warmupRatio(0).build();
        Path run = tmp.resolve("prompt-run");
        Dataset data = TinyPretrained.sentiment(200, 1);
        try (AutoCloseableRun c = closeable(PromptTuning.train(config, TEMPLATE, Verbalizer.parse(Verbalizer.SENTIMENT), data,
                run, TrainingListener.SILENT))) {
            PromptTuning.Run r = c.r();
            assertTrue(r.result().best().valAccuracy() >= 0.9, "val accuracy " + r.result().best().valAccuracy());
            assertEquals(r.result().best().valAccuracy(), r.validation().accuracy(), 1e-9, "best weights restored");
        }
        try (ClozeClassifier saved = ClozeClassifier.load(run.resolve("model"), null, null, null, 0)) {
            assertEquals("{text} it was [MASK]", saved.template().pattern(), "template recorded with the model");
            assertEquals(List.of("negative", "positive"), saved.labels().names());
            float[][] p = saved.predictProba(List.of("great wonderful love the movie", "awful boring hate the film"), false);
            assertTrue(p[0][1] > 0.5 && p[1][0] > 0.5);
        }
    }

    private static AutoCloseableRun closeable(PromptTuning.Run run) {
        return new AutoCloseableRun(run);
    }

    private record AutoCloseableRun(PromptTuning.Run run) implements AutoCloseable {
        PromptTuning.Run r() {
            return run;
        }

        @Override
        public void close() {
            run.classifier().close();
        }
    }
}
