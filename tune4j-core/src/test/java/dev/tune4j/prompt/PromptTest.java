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
    /** Words the tiny vocabulary has whole. */
    private static final String WORDS = "0=terrible,bad;1=great,good";

    @BeforeAll
    static void setUp() throws Exception {
        tiny = TinyPretrained.write(tmp.resolve("tiny-bert"));
    }

    @Test
    void templateNeedsExactlyOneTextAndOneMask() {
        assertEquals("Review: ", new Template("Review: {text} It was [MASK].").prefix());
        assertEquals(" It was [MASK].", Template.LM_BFF.suffix());
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
            assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
        }
    }

    @Test
    void zeroShotClozeTruncatesTheTextSoTheMaskAlwaysFitsAndGivesProbabilities() {
        try (ClozeClassifier cloze = new ClozeClassifier(MlmModel.load(tiny), TEMPLATE, Verbalizer.parse(WORDS),
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
        try (AutoCloseableRun c = closeable(PromptTuning.train(config, TEMPLATE, Verbalizer.parse(WORDS), data,
                run, TrainingListener.SILENT))) {
            PromptTuning.Run r = c.r();
            assertTrue(r.result().best().valAccuracy() >= 0.9, "val accuracy " + r.result().best().valAccuracy());
            assertEquals(r.result().best().valAccuracy(), r.validation().accuracy(), 1e-9, "best weights restored");
        }
        try (ClozeClassifier saved = ClozeClassifier.load(run.resolve("model"), null, null, null, 0, null)) {
            assertEquals("{text} it was [MASK]", saved.template().pattern(), "template recorded with the model");
            assertEquals(List.of("negative", "positive"), saved.labels().names());
            float[][] p = saved.predictProba(List.of("great wonderful love the movie", "awful boring hate the film"), false);
            assertTrue(p[0][1] > 0.5 && p[1][0] > 0.5);
        }
    }

    @Test
    void defaultTruncationKeepsTheMaskAndTheEndOfTheText() {
        String text = "the plot was a film and the actor is fine and the movie is good and it was boring";
        try (ClozeClassifier cloze = new ClozeClassifier(MlmModel.load(tiny), TEMPLATE, Verbalizer.parse(WORDS), LABELS, 12, null)) {
            assertEquals(List.of(Truncation.TAIL), cloze.truncations(), "the mask follows the text");
            long[] ids = cloze.prompts(List.of(text)).get(0).encoding().inputIds();
            ClozeClassifier.Prompt p = cloze.prompts(List.of(text)).get(0);
            // [CLS] + the last 7 of the text's 18 tokens + "it was [MASK]" + [SEP] = 12
            assertEquals(List.of("[CLS]", "movie", "is", "good", "and", "it", "was", "boring", "it", "was", "[MASK]", "[SEP]"),
                    cloze.model().tokenizer().tokens(ids));
            assertEquals(10, p.maskAt());
            assertEquals(cloze.model().tokenizer().maskId(), ids[p.maskAt()]);
        }
        Template maskFirst = new Template("[MASK] : {text}");
        assertEquals(Truncation.HEAD, ClozeClassifier.adjacentTo(maskFirst), "the mask precedes the text: keep its start");
    }

    @Test
    void contentFreeCalibrationDividesByTheContentFreeProbabilities() {
        // q = (0.6, 0.3, 0.1), prior (0.5, 0.25, 0.25): q / prior = (1.2, 1.2, 0.4), which sums to 2.8.
        float[] logq = {(float) Math.log(0.6), (float) Math.log(0.3), (float) Math.log(0.1)};
        Calibration.apply(logq, new float[] {0.5f, 0.25f, 0.25f});
        assertEquals(1.2 / 2.8, Math.exp(logq[0]), 1e-6);
        assertEquals(1.2 / 2.8, Math.exp(logq[1]), 1e-6);
        assertEquals(0.4 / 2.8, Math.exp(logq[2]), 1e-6);
        List<String> texts = List.of("great good movie", "awful boring film", "the plot");
        try (ClozeClassifier cloze = new ClozeClassifier(MlmModel.load(tiny), TEMPLATE, Verbalizer.parse(WORDS), LABELS, 32, null)) {
            float[][] q = cloze.wordLogProbs(cloze.prompts(texts)); // (3, W = 4): terrible, bad, great, good
            float[][] free = cloze.wordLogProbs(cloze.prompts(List.of("N/A", "", "[MASK]")));
            double[] cf = new double[4];
            for (float[] row : free) {
                double[] r = exp(row);
                for (int w = 0; w < 4; w++) {
                    cf[w] += r[w] / 3;
                }
            }
            float[][] p = cloze.predictProba(texts, Calibration.Mode.CONTENT_FREE);
            for (int i = 0; i < texts.size(); i++) {
                double[] r = exp(q[i]);
                double neg = r[0] / cf[0] + r[1] / cf[1];
                double pos = r[2] / cf[2] + r[3] / cf[3];
                assertEquals(neg / (neg + pos), p[i][0], 1e-5);
                assertEquals(pos / (neg + pos), p[i][1], 1e-5);
            }
            assertTrue(Math.abs(p[2][1] - cloze.predictProba(texts, Calibration.Mode.OFF)[2][1]) > 1e-4, "calibration changed something");
            assertEquals(p[1][0], cloze.predictProba(texts, true)[1][0], 1e-7, "calibrate = content-free");
        }
    }

    @Test
    void batchCalibrationDividesByTheInputsMeanProbabilities() {
        List<String> texts = List.of("great good movie", "awful boring film", "the plot");
        try (ClozeClassifier cloze = new ClozeClassifier(MlmModel.load(tiny), TEMPLATE, Verbalizer.parse(WORDS), LABELS, 32, null)) {
            float[][] q = cloze.wordLogProbs(cloze.prompts(texts));
            double[] prior = new double[4];
            for (float[] row : q) {
                double[] r = exp(row);
                for (int w = 0; w < 4; w++) {
                    prior[w] += r[w] / texts.size();
                }
            }
            float[][] p = cloze.predictProba(texts, Calibration.Mode.BATCH);
            for (int i = 0; i < texts.size(); i++) {
                double[] r = exp(q[i]);
                double neg = r[0] / prior[0] + r[1] / prior[1];
                double pos = r[2] / prior[2] + r[3] / prior[3];
                assertEquals(pos / (neg + pos), p[i][1], 1e-5);
            }
        }
    }

    @Test
    void anEnsembleEqualsTheMeanOfItsMembers() {
        List<String> texts = List.of("great good movie", "awful boring film", "the plot", "it is fine");
        Template other = new Template("the movie : {text} . it is [MASK]");
        try (MlmModel model = MlmModel.load(tiny)) {
            Verbalizer v = Verbalizer.parse(WORDS);
            ClozeClassifier both = new ClozeClassifier(model, List.of(TEMPLATE, other), v, LABELS, 32, null);
            for (Calibration.Mode mode : List.of(Calibration.Mode.OFF, Calibration.Mode.CONTENT_FREE)) {
                float[][] a = new ClozeClassifier(model, TEMPLATE, v, LABELS, 32, null).predictProba(texts, mode);
                float[][] b = new ClozeClassifier(model, other, v, LABELS, 32, null).predictProba(texts, mode);
                float[][] e = both.predictProba(texts, mode);
                for (int i = 0; i < texts.size(); i++) {
                    for (int c = 0; c < 2; c++) {
                        assertEquals((a[i][c] + b[i][c]) / 2, e[i][c], 1e-6);
                    }
                    assertTrue(Math.abs(a[i][1] - b[i][1]) > 1e-5, "the members differ, so the mean tests something");
                }
            }
        }
    }

    private static double[] exp(float[] logq) {
        double[] out = new double[logq.length];
        for (int i = 0; i < logq.length; i++) {
            out[i] = Math.exp(logq[i]);
        }
        return out;
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
