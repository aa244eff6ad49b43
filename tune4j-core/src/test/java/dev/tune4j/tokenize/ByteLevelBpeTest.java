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
