package dev.tune4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaddingTest {

    @TempDir
    Path dir;

    private BertTokenizer tokenizer(int maxLength, Padding padding) {
        TokenizerOptions options = new TokenizerOptions(maxLength, Truncation.HEAD, padding);
        return BertTokenizer.fromVocab(TinyVocab.write(dir), true, options);
    }

    @Test
    void longestPadsToTheLongestTextOfTheCall() {
        try (BertTokenizer tokenizer = tokenizer(0, Padding.LONGEST)) {
            List<Encoding> all = tokenizer.encodeAll(List.of("a", "a b c"));

            assertArrayEquals(TinyVocab.ids("[CLS] a [SEP] [PAD] [PAD]"), all.get(0).inputIds());
            assertArrayEquals(new long[] {1, 1, 1, 0, 0}, all.get(0).attentionMask());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1}, all.get(1).attentionMask());
        }
    }

    @Test
    void maxLengthPadsEveryTextToMaxLength() {
        try (BertTokenizer tokenizer = tokenizer(7, Padding.MAX_LENGTH)) {
            Encoding e = tokenizer.encode("a", "b c");

            assertArrayEquals(TinyVocab.ids("[CLS] a [SEP] b c [SEP] [PAD]"), e.inputIds());
            assertArrayEquals(new long[] {0, 0, 0, 1, 1, 1, 0}, e.typeIds());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 0}, e.attentionMask());
        }
    }

    @Test
    void batchStacksPaddedEncodingsRowMajor() {
        try (BertTokenizer tokenizer = tokenizer(0, Padding.LONGEST)) {
            Batch batch = tokenizer.batch(List.of("a b", "c"));

            assertArrayEquals(new long[] {2, 4}, batch.shape());
            assertArrayEquals(TinyVocab.ids("[CLS] a b [SEP] [CLS] c [SEP] [PAD]"), batch.inputIds());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, batch.attentionMask());
            assertArrayEquals(new long[8], batch.typeIds());
        }
    }

    @Test
    void noPaddingLeavesLengthsAndRefusesARaggedBatch() {
        try (BertTokenizer tokenizer = tokenizer(0, Padding.NONE)) {
            assertEquals(4, tokenizer.encodeAll(List.of("a b", "c")).get(0).length());
            assertEquals(3, tokenizer.encodeAll(List.of("a b", "c")).get(1).length());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tokenizer.batch(List.of("a b", "c")));
            assertTrue(e.getMessage().contains("3 at row 1"), e.getMessage());
        }
    }

    @Test
    void emptyCallGivesEmptyBatch() {
        try (BertTokenizer tokenizer = tokenizer(0, Padding.LONGEST)) {
            assertArrayEquals(new long[] {0, 0}, tokenizer.batch(List.of()).shape());
        }
    }
}
