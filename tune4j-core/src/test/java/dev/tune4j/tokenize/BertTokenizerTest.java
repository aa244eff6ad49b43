package dev.tune4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertTokenizerTest {

    @TempDir
    static Path dir;

    private static BertTokenizer uncased;

    @BeforeAll
    static void load() {
        uncased = BertTokenizer.fromVocab(TinyVocab.write(dir), true);
    }

    @AfterAll
    static void close() {
        uncased.close();
    }

    @Test
    void wrapsTextInClsAndSepWithTypeZeroAndFullMask() {
        Encoding e = uncased.encode("a b c");

        assertArrayEquals(TinyVocab.ids("[CLS] a b c [SEP]"), e.inputIds());
        assertArrayEquals(new long[5], e.typeIds());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1}, e.attentionMask());
    }

    @Test
    void splitsWordsIntoWordPiecesAndUnknownWordsIntoOneUnk() {
        Encoding e = uncased.encode("unaffable runs qq.");

        assertEquals(List.of("[CLS]", "un", "##aff", "##able", "run", "##s", "[UNK]", ".", "[SEP]"),
                uncased.tokens(e.inputIds()));
    }

    @Test
    void uncasedLowerCasesAndStripsAccents() {
        assertArrayEquals(TinyVocab.ids("[CLS] a e [SEP]"), uncased.encode("Á é").inputIds());
    }

    @Test
    void casedKeepsCapitals(@TempDir Path casedDir) {
        try (BertTokenizer cased = BertTokenizer.fromVocab(TinyVocab.write(casedDir), false)) {
            assertArrayEquals(TinyVocab.ids("[CLS] [UNK] b [SEP]"), cased.encode("A b").inputIds());
        }
    }

    @Test
    void keepsSpecialTokensInTextWhole() {
        Encoding e = uncased.encode("a [MASK] b [SEP]");

        assertArrayEquals(TinyVocab.ids("[CLS] a [MASK] b [SEP] [SEP]"), e.inputIds());
    }

    @Test
    void pairGivesSecondTextAndItsSepTypeOne() {
        Encoding e = uncased.encode("a b", "c d e");

        assertArrayEquals(TinyVocab.ids("[CLS] a b [SEP] c d e [SEP]"), e.inputIds());
        assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1, 1, 1}, e.typeIds());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1}, e.attentionMask());
    }

    @Test
    void batchEncodingEqualsOneByOne() {
        List<String> texts = List.of("a", "unaffable runs", "", "z y x");

        List<Encoding> all = uncased.encodeAll(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(uncased.encode(texts.get(i)).inputIds(), all.get(i).inputIds(), texts.get(i));
        }
        assertArrayEquals(TinyVocab.ids("[CLS] [SEP]"), all.get(2).inputIds());
    }

    @Test
    void pairBatchEqualsOneByOne() {
        List<Encoding> all = uncased.encodeAll(List.of("a", "b c"), List.of("d e", "f"));

        assertArrayEquals(uncased.encode("a", "d e").inputIds(), all.get(0).inputIds());
        assertArrayEquals(uncased.encode("b c", "f").typeIds(), all.get(1).typeIds());
    }

    @Test
    void rejectsPairListsOfDifferentSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> uncased.encodeAll(List.of("a", "b"), List.of("c")));
        assertTrue(e.getMessage().contains("2 texts but 1 pairs"), e.getMessage());
    }

    @Test
    void looksUpTokensAndIdsBothWays() {
        assertEquals(TinyVocab.TOKENS.size(), uncased.vocabSize());
        assertEquals(TinyVocab.id("##aff"), uncased.tokenId("##aff"));
        assertEquals(TinyVocab.UNK, uncased.tokenId("not-a-token"));
        assertEquals("##able", uncased.token(TinyVocab.id("##able")));
        assertThrows(IllegalArgumentException.class, () -> uncased.token(TinyVocab.TOKENS.size()));
        assertEquals(new SpecialTokens(TinyVocab.CLS, TinyVocab.SEP, TinyVocab.PAD, TinyVocab.MASK, TinyVocab.UNK),
                uncased.specialTokens());
        assertEquals(TinyVocab.MASK, uncased.maskId());
    }

    @Test
    void decodesIdsToTextWithoutSpecialTokens() {
        assertEquals("unaffable runs", uncased.decode(uncased.encode("UNAFFABLE runs").inputIds()));
    }

    @Test
    void rejectsVocabularyWithoutBertSpecialTokens(@TempDir Path noSpecials) {
        Path vocab = TinyVocab.write(noSpecials, List.of("[PAD]", "[UNK]", "a"));

        Tune4jException e = assertThrows(Tune4jException.class, () -> BertTokenizer.fromVocab(vocab, true));
        assertTrue(e.getMessage().contains("[CLS]"), e.getMessage());
    }

    @Test
    void directoryWithoutVocabOrTokenizerJsonIsAUserError(@TempDir Path empty) {
        Tune4jException e = assertThrows(Tune4jException.class, () -> BertTokenizer.fromDirectory(empty));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }

    @Test
    void directoryLowerCasesAsItsTokenizerConfigSays(@TempDir Path model) throws IOException {
        TinyVocab.write(model);
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");

        try (BertTokenizer cased = BertTokenizer.fromDirectory(model)) {
            assertArrayEquals(TinyVocab.ids("[CLS] [UNK] [SEP]"), cased.encode("A").inputIds());
        }
    }

    @Test
    void directoryPrefersItsOwnTokenizerJson(@TempDir Path model) throws IOException {
        Vocabulary vocabulary = Vocabulary.ofLines(TinyVocab.TOKENS);
        String json = TokenizerJson.forBert(vocabulary, SpecialTokens.of(vocabulary), false);
        Files.writeString(model.resolve("tokenizer.json"), json);

        try (BertTokenizer fromJson = BertTokenizer.fromDirectory(model)) {
            assertArrayEquals(TinyVocab.ids("[CLS] [UNK] b [SEP]"), fromJson.encode("A b").inputIds());
            assertEquals(TinyVocab.TOKENS.size(), fromJson.vocabSize());
        }
    }

    @Test
    void malformedTokenizerJsonIsAUserErrorNamingTheFile(@TempDir Path model) throws IOException {
        Files.writeString(model.resolve("tokenizer.json"),
                "{\"model\": {\"vocab\": {\"[PAD]\": 0, \"[UNK]\": 1, \"[SEP]\": 2, \"[MASK]\": 3}}}");

        Tune4jException e = assertThrows(Tune4jException.class, () -> BertTokenizer.fromDirectory(model));
        assertTrue(e.getMessage().contains(model.resolve("tokenizer.json").toString()), e.getMessage());
    }
}
