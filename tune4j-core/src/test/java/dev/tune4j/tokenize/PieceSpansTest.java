package dev.tune4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Word pieces with the characters of the original text they came from (a server's /tokenize shows them). */
class PieceSpansTest {

    @Test
    void piecesCarryTheirSpanInTheOriginalStringAndTheEncodedIds(@TempDir Path dir) {
        String text = "Unaffable \uD83D\uDE00 RUNS.";
        try (BertTokenizer uncased = BertTokenizer.fromVocab(TinyVocab.write(dir), true)) {
            List<BertTokenizer.PieceSpan> spans = uncased.pieceSpans(text);
            long[] encoded = uncased.encode(text).inputIds();
            long[] ids = spans.stream().mapToLong(BertTokenizer.PieceSpan::id).toArray();
            assertArrayEquals(java.util.Arrays.copyOfRange(encoded, 1, encoded.length - 1), ids, "the ids encode() wraps");
            assertEquals(List.of("Un", "aff", "able", "\uD83D\uDE00", "RUN", "S", "."),
                    spans.stream().map(s -> text.substring(s.start(), s.end())).toList(),
                    "pieces of a word split its span; the emoji ([UNK]) counts two UTF-16 units");
            assertEquals(new BertTokenizer.PieceSpan(TinyVocab.UNK, 10, 12), spans.get(3));
        }
    }
}
