package dev.tune4j.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.TinyFamilies;
import dev.tune4j.infer.FillMask;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cloze prompting and fill-mask on a tiny RoBERTa and XLM-RoBERTa: the template's [MASK] is the model's own {@code <mask>}. */
class FamiliesPromptTest {

    @ParameterizedTest
    @ValueSource(strings = {"roberta", "xlm-roberta"})
    void templateMaskBecomesRobertasMaskToken(String family, @TempDir Path tmp) throws Exception {
        Path dir = TinyFamilies.write(tmp.resolve(family), family);
        try (ClozeClassifier cloze = ClozeClassifier.load(dir, List.of(new Template("{text} It was [MASK]."),
                new Template("[MASK]: {text}")), Verbalizer.parse("0=bad;1=great"), null, 32, null)) {
            var tokenizer = cloze.model().tokenizer();
            assertEquals("<mask>", tokenizer.maskToken());
            for (int member = 0; member < 2; member++) {
                ClozeClassifier.Prompt p = cloze.prompts(List.of("the movie was awful"), member).get(0);
                long[] ids = p.encoding().inputIds();
                assertEquals(tokenizer.maskId(), ids[p.maskAt()], "template " + member + ": " + tokenizer.tokens(ids));
                assertEquals(1, java.util.Arrays.stream(ids).filter(id -> id == tokenizer.maskId()).count());
                assertEquals(tokenizer.clsId(), ids[0]);
                assertEquals("<s>", tokenizer.token(ids[0]));
            }
            // Verbalizer words after a space: byte-level BPE's "Ġgreat", SentencePiece's "\u2581great", not "great".
            float[][] p = cloze.predictProba(List.of("the movie was awful", "I loved it"), false);
            assertEquals(1.0, p[0][0] + p[0][1], 1e-5);
        }
        try (FillMask fill = FillMask.load(dir)) {
            var result = fill.predict(List.of("the movie was <mask>."), 3).get(0);
            assertEquals(1, result.masks().size());
            assertEquals(3, result.masks().get(0).size());
            assertTrue(result.masks().get(0).get(0).prob() > 0);
        }
    }
}
