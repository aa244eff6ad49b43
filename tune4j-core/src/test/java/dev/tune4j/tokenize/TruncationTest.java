package dev.tune4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruncationTest {

    @TempDir
    Path dir;

    private Encoding encode(int maxLength, Truncation truncation, String text) {
        TokenizerOptions options = new TokenizerOptions(maxLength, truncation, Padding.NONE);
        try (BertTokenizer tokenizer = BertTokenizer.fromVocab(TinyVocab.write(dir), true, options)) {
            return tokenizer.encode(text);
        }
    }

    private Encoding encode(int maxLength, Truncation truncation, String text, String pair) {
        TokenizerOptions options = new TokenizerOptions(maxLength, truncation, Padding.NONE);
        try (BertTokenizer tokenizer = BertTokenizer.fromVocab(TinyVocab.write(dir), true, options)) {
            return tokenizer.encode(text, pair);
        }
    }

    @Test
    void withoutTruncationATooLongTextKeepsEveryTokenForTheCallerToRefuse() {
        TokenizerOptions options = new TokenizerOptions(6, Truncation.HEAD, Padding.MAX_LENGTH);
        try (BertTokenizer tokenizer = BertTokenizer.fromVocab(TinyVocab.write(dir), true, options)) {
            java.util.List<Encoding> kept = tokenizer.encodeAll(java.util.List.of("a b c d e f g h", "a"), false);
            assertArrayEquals(TinyVocab.ids("[CLS] a b c d e f g h [SEP]"), kept.get(0).inputIds());
            assertEquals(3, kept.get(1).length(), "unpadded, since one text is over the maximum");
            java.util.List<Encoding> fit = tokenizer.encodeAll(java.util.List.of("a b", "a"), false);
            assertArrayEquals(TinyVocab.ids("[CLS] a b [SEP] [PAD] [PAD]"), fit.get(0).inputIds(), "padded as when truncating");
            assertEquals(6, fit.get(1).length());
        }
    }

    @Test
    void headKeepsTheStart() {
        assertArrayEquals(TinyVocab.ids("[CLS] a b c d [SEP]"),
                encode(6, Truncation.HEAD, "a b c d e f g h").inputIds());
    }

    @Test
    void tailKeepsTheEnd() {
        assertArrayEquals(TinyVocab.ids("[CLS] e f g h [SEP]"),
                encode(6, Truncation.TAIL, "a b c d e f g h").inputIds());
    }

    @Test
    void headTailKeepsAQuarterFromTheStartAndTheRestFromTheEnd() {
        // Budget 10: head floor(10 * 128 / 510) = 2, tail 8.
        assertArrayEquals(TinyVocab.ids("[CLS] a b g h i j k l m n [SEP]"),
                encode(12, Truncation.HEAD_TAIL, "a b c d e f g h i j k l m n").inputIds());
    }

    @Test
    void headTailAt512KeepsFirst128AndLast382AsInSunEtAl() {
        long[] words = IntStream.range(0, 1000).mapToLong(i -> TinyVocab.id(letter(i))).toArray();
        String text = IntStream.range(0, 1000).mapToObj(TruncationTest::letter).collect(Collectors.joining(" "));

        long[] ids = encode(512, Truncation.HEAD_TAIL, text).inputIds();

        assertEquals(512, ids.length);
        assertArrayEquals(Arrays.copyOfRange(words, 0, 128), Arrays.copyOfRange(ids, 1, 129));
        assertArrayEquals(Arrays.copyOfRange(words, 1000 - 382, 1000), Arrays.copyOfRange(ids, 129, 511));
        assertEquals(128, Truncation.HEAD_TAIL.headCount(510));
    }

    @Test
    void textWithinBudgetIsNotCut() {
        for (Truncation t : Truncation.values()) {
            assertArrayEquals(TinyVocab.ids("[CLS] a b c d [SEP]"), encode(6, t, "a b c d").inputIds(), t.name());
        }
    }

    @Test
    void pairCutsTheLongerTextFirst() {
        Encoding e = encode(8, Truncation.HEAD, "a b c d e f", "g h");

        assertArrayEquals(TinyVocab.ids("[CLS] a b c [SEP] g h [SEP]"), e.inputIds());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 1, 1, 1}, e.typeIds());
    }

    @Test
    void pairTailKeepsTheEndOfEachText() {
        // Budget 6, both longer than half: 3 each.
        assertArrayEquals(TinyVocab.ids("[CLS] d e f [SEP] l m n [SEP]"),
                encode(9, Truncation.TAIL, "a b c d e f", "i j k l m n").inputIds());
    }

    @Test
    void longestFirstSplitsLikeHuggingFace() {
        assertArrayEquals(new int[] {6, 2}, EncodingAssembler.longestFirst(6, 2, 8));
        assertArrayEquals(new int[] {3, 2}, EncodingAssembler.longestFirst(6, 2, 5));
        assertArrayEquals(new int[] {2, 3}, EncodingAssembler.longestFirst(2, 6, 5));
        assertArrayEquals(new int[] {4, 3}, EncodingAssembler.longestFirst(6, 5, 7));
        assertArrayEquals(new int[] {3, 4}, EncodingAssembler.longestFirst(5, 5, 7));
        assertArrayEquals(new int[] {0, 1}, EncodingAssembler.longestFirst(5, 5, 1));
    }

    @Test
    void pairNeedsRoomForOneTokenOfEachText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode(4, Truncation.HEAD, "a", "b"));
        assertTrue(e.getMessage().contains("maxLength (4)"), e.getMessage());
    }

    private static String letter(int i) {
        return String.valueOf((char) ('a' + i % 26));
    }
}
