package dev.tune4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RoBERTa's byte-level BPE from a tokenizer.json: checked before the native library sees it, specials as RoBERTa's. */
class ByteLevelBpeTest {

    @TempDir
    Path dir;

    private static final String SPECIALS = "\"added_tokens\": [{\"id\": 0, \"content\": \"<s>\"}, {\"id\": 1, \"content\": \"<pad>\"},"
            + " {\"id\": 2, \"content\": \"</s>\"}, {\"id\": 3, \"content\": \"<unk>\"}, {\"id\": 4, \"content\": \"<mask>\", \"lstrip\": true}],"
            + " \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false},";

    private Path write(String vocab, String merges) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{" + SPECIALS + " \"model\": {\"type\": \"BPE\", \"vocab\": {"
                + "\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"<unk>\": 3, \"<mask>\": 4, " + vocab + "}, \"merges\": " + merges + "}}");
        return dir;
    }

    /** Expected ids: transformers' RobertaTokenizerFast on the tiny RoBERTa fixture's tokenizer.json (5.18.0). */
    @Test
    void pairsAreRobertasDoubleSeparatorWithOneTokenType() throws IOException {
        for (String file : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            try (var in = ByteLevelBpeTest.class.getResourceAsStream("/families/roberta/" + file)) {
                Files.copy(in, dir.resolve(file));
            }
        }
        try (BertTokenizer t = BertTokenizer.fromDirectory(dir, TokenizerOptions.truncateTo(512).withPadding(Padding.NONE))) {
            Encoding e = t.encode("the movie was great", "I loved it");
            assertArrayEquals(new long[] {0, 264, 225, 81, 83, 90, 77, 73, 266, 288, 2, 2, 45, 290, 225, 269, 2}, e.inputIds());
            assertArrayEquals(new long[e.length()], e.typeIds(), "one token type");
            assertArrayEquals(new long[] {0, 295, 2, 2, 69, 289, 292, 287, 261, 299, 293, 2},
                    t.encode("bad", "awful plot and a bad actor").inputIds());
        }
        try (BertTokenizer t = BertTokenizer.fromDirectory(dir, TokenizerOptions.truncateTo(10).withPadding(Padding.NONE))) {
            assertArrayEquals(new long[] {0, 264, 225, 81, 2, 2, 45, 290, 225, 2},
                    t.encode("the movie was great", "I loved it and the actor was great too").inputIds(), "longest_first");
        }
    }

    @Test
    void encodesWithRobertasSpecialsAndMasks() throws IOException {
        write("\"a\": 5, \"b\": 6, \"Ġ\": 7, \"ab\": 8, \"Ġab\": 9", "[\"a b\", [\"Ġ\", \"ab\"]]");
        try (BertTokenizer t = BertTokenizer.fromDirectory(dir)) {
            assertArrayEquals(new long[] {0, 8, 9, 2}, t.encode("ab ab").inputIds());
            // <mask> strips the space before it, as in roberta-base's tokenizer.json.
            assertArrayEquals(new long[] {0, 8, 4, 2}, t.encode("ab <mask>").inputIds());
            assertEquals("<mask>", t.maskToken());
            assertEquals(1, t.padId());
            // A byte the vocabulary lacks is dropped, not a crash of the native library.
            assertArrayEquals(new long[] {0, 8, 2}, t.encode("abc").inputIds());
        }
    }

    @Test
    void aMergeOutsideTheVocabularyIsOneLine() throws IOException {
        write("\"a\": 5, \"b\": 6", "[\"a b\"]");
        Tune4jException e = assertThrows(Tune4jException.class, () -> BertTokenizer.fromDirectory(dir));
        assertTrue(e.getMessage().contains("model.merges[0] \"a b\" is not two vocabulary tokens whose concatenation is one"),
                e.getMessage());
        write("\"a\": 5, \"b\": 6, \"ab\": 7", "[[\"a\"]]");
        assertThrows(Tune4jException.class, () -> BertTokenizer.fromDirectory(dir));
        write("\"a\": 5, \"b\": 6, \"ab\": 7", "{}");
        assertTrue(assertThrows(Tune4jException.class, () -> BertTokenizer.fromDirectory(dir)).getMessage()
                .contains("model.merges is not a list"));
    }

    /** Fuzz finding crash-87ea3372: WordPiece's unk_token was "[UNK]" even where the vocabulary spells it {@code <unk>}. */
    @Test
    void aWordPieceFileWithRobertasSpecialsEncodesUnknownWordsAsUnk() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{" + SPECIALS + " \"model\": {\"type\": \"WordPiece\", \"vocab\": {"
                + "\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"<unk>\": 3, \"<mask>\": 4, \"ab\": 5}}}");
        try (BertTokenizer t = BertTokenizer.fromDirectory(dir)) {
            assertArrayEquals(new long[] {0, 5, 3, 2}, t.encode("ab zz").inputIds());
        }
    }

    @Test
    void anUnknownModelTypeIsOneLine() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{" + SPECIALS + " \"model\": {\"type\": \"UnigramBPE\", \"vocab\": {"
                + "\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"<unk>\": 3, \"<mask>\": 4}}}");
        Tune4jException e = assertThrows(Tune4jException.class, () -> BertTokenizer.fromDirectory(dir));
        assertTrue(e.getMessage().contains("model.type \"UnigramBPE\" is not one tune4j reads; it reads WordPiece (BERT), BPE"
                + " (RoBERTa) and Unigram (XLM-RoBERTa, CamemBERT)"), e.getMessage());
    }
}
