package dev.tune4j.mlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PackingTest {

    private static final long CLS = 101, SEP = 102;

    @Test
    void concatenatesDocumentsWithSeparatorsIntoChunksOfMaxLength() {
        List<long[]> chunks = Packing.pack(List.of(new long[] {1, 2, 3}, new long[] {4, 5}, new long[] {6, 7, 8, 9, 10, 11}),
                6, CLS, SEP);
        assertArrayEquals(new long[] {CLS, 1, 2, 3, SEP}, chunks.get(0), "a separator at the end is the closing [SEP]");
        assertArrayEquals(new long[] {CLS, 4, 5, SEP, 6, SEP}, chunks.get(1));
        assertArrayEquals(new long[] {CLS, 7, 8, 9, 10, SEP}, chunks.get(2));
        assertArrayEquals(new long[] {CLS, 11, SEP}, chunks.get(3), "only the last chunk is short");
        assertEquals(4, chunks.size());
    }

    @Test
    void everyTokenSurvivesInOrder() {
        List<long[]> docs = List.of(new long[] {1, 2, 3, 4, 5, 6, 7}, new long[] {}, new long[] {8});
        List<long[]> chunks = Packing.pack(docs, 4, CLS, SEP);
        long[] content = chunks.stream().flatMapToLong(c -> java.util.Arrays.stream(c, 1, c.length - 1)).toArray();
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, content, "the separator after 7 closes its chunk");
        chunks.forEach(c -> {
            assertEquals(CLS, c[0]);
            assertEquals(SEP, c[c.length - 1]);
        });
    }
}
