package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static final LabelMap LABELS = new LabelMap(List.of("neg", "pos"));

    @Test
    void subsetKeepsRowIdsAndOrder() {
        Dataset data = new Dataset(List.of("a", "b", "c"), List.of(new int[] {0}, new int[] {1}, new int[] {1}),
                LABELS, false, new int[] {10, 11, 12}, "src");
        Dataset sub = data.subset(new int[] {2, 0});
        assertEquals(List.of("c", "a"), sub.texts());
        assertArrayEquals(new int[] {12, 10}, sub.rowIds());
        assertEquals(1, sub.label(0));
        assertArrayEquals(new int[] {1, 1}, sub.classCounts());
        assertThrows(IllegalArgumentException.class, () -> data.subset(new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> data.subset(new int[] {3}));
    }

    @Test
    void singleLabelRowsNeedExactlyOneKnownLabel() {
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> new Dataset(
                List.of("a"), List.of(new int[] {0, 1}), LABELS, false, new int[] {0}, "src"));
        assertTrue(two.getMessage().contains("[0, 1]"), two.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> new Dataset(
                List.of("a"), List.of(new int[] {2}), LABELS, false, new int[] {0}, "src"));
        assertTrue(range.getMessage().contains("label id 2"), range.getMessage());
    }

    @Test
    void rejectsMismatchedLengthsAndRepeatedRowIds() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset(List.of("a", "b"), List.of(new int[] {0}),
                LABELS, false, new int[] {0, 1}, "src"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dataset(
                List.of("a", "b"), List.of(new int[] {0}, new int[] {1}), LABELS, false, new int[] {4, 4}, "src"));
        assertTrue(e.getMessage().contains("4 twice"), e.getMessage());
    }

    @Test
    void labelOfMultiLabelDataIsAnError() {
        Dataset multi = new Dataset(List.of("a"), List.of(new int[] {0, 1}), LABELS, true, new int[] {0}, "src");
        assertThrows(IllegalStateException.class, () -> multi.label(0));
        assertArrayEquals(new int[] {1, 1}, multi.classCounts());
    }
}
