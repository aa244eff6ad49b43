package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

    private final Dataset posNeg = Datasets.withCounts(50, 100);

    @Test
    void stratifiedSplitKeepsClassProportionsExactly() {
        Split split = Splits.stratified(posNeg, 0.2, 42);
        assertArrayEquals(new int[] {10, 20}, split.val().classCounts());
        assertArrayEquals(new int[] {40, 80}, split.train().classCounts());
    }

    @Test
    void stratifiedSplitIsDisjointCompleteAndInDataOrder() {
        Split split = Splits.stratified(posNeg, 0.2, 42);
        Set<Integer> train = rows(split.train());
        Set<Integer> val = rows(split.val());
        assertTrue(Collections.disjoint(train, val));
        Set<Integer> all = new HashSet<>(train);
        all.addAll(val);
        assertEquals(rows(posNeg), all);
        assertTrue(isAscending(split.train().rowIds()) && isAscending(split.val().rowIds()));
        for (int i = 0; i < split.val().size(); i++) {
            int row = split.val().rowId(i);
            assertEquals(posNeg.text(row), split.val().text(i));
            assertEquals(posNeg.label(row), split.val().label(i));
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        int[] first = Splits.stratified(posNeg, 0.2, 7).val().rowIds();
        assertArrayEquals(first, Splits.stratified(posNeg, 0.2, 7).val().rowIds());
        assertFalse(Arrays.equals(first, Splits.stratified(posNeg, 0.2, 8).val().rowIds()));
    }

    @Test
    void splitFollowsTheDocumentedAlgorithm() {
        Random rng = new Random(3);
        Set<Integer> expected = new HashSet<>();
        for (int c = 0; c < 2; c++) {
            int label = c;
            List<Integer> stratum = new ArrayList<>(IntStream.range(0, posNeg.size())
                    .filter(i -> posNeg.label(i) == label).boxed().toList());
            Collections.shuffle(stratum, rng);
            expected.addAll(stratum.subList(0, c == 0 ? 10 : 20));
        }
        assertEquals(expected, rows(Splits.stratified(posNeg, 0.2, 3).val()));
    }

    @Test
    void everyClassWithTwoExamplesIsBothTrainedAndValidated() {
        Split split = Splits.stratified(Datasets.withCounts(100, 2, 1, 3), 0.05, 1);
        assertArrayEquals(new int[] {5, 1, 0, 1}, split.val().classCounts());
        assertArrayEquals(new int[] {95, 1, 1, 2}, split.train().classCounts());
        Split large = Splits.stratified(Datasets.withCounts(2, 10), 0.9, 1);
        assertArrayEquals(new int[] {1, 1}, large.train().classCounts());
    }

    @Test
    void rejectsFractionsOutsideTheOpenUnitInterval() {
        for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Splits.stratified(posNeg, bad, 1));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
    }

    @Test
    void stratifiedSampleUsesLargestRemainders() {
        Dataset three = Datasets.withCounts(50, 30, 20);
        assertArrayEquals(new int[] {5, 3, 2}, Splits.stratifiedSample(three, 10, 1).classCounts());
        // Shares 3.5, 2.1, 1.4 -> floors 3, 2, 1 and the one left goes to the largest remainder (0.5).
        assertArrayEquals(new int[] {4, 2, 1}, Splits.stratifiedSample(three, 7, 1).classCounts());
        // Shares 0.5, 0.3, 0.2 -> the single example goes to the largest class.
        assertArrayEquals(new int[] {1, 0, 0}, Splits.stratifiedSample(three, 1, 1).classCounts());
    }

    @Test
    void stratifiedSampleIsDeterministicAndWholeWhenAskedForMore() {
        assertArrayEquals(Splits.stratifiedSample(posNeg, 30, 5).rowIds(), Splits.stratifiedSample(posNeg, 30, 5).rowIds());
        assertFalse(Arrays.equals(Splits.stratifiedSample(posNeg, 30, 5).rowIds(),
                Splits.stratifiedSample(posNeg, 30, 6).rowIds()));
        assertSame(posNeg, Splits.stratifiedSample(posNeg, 1000, 5));
        assertThrows(IllegalArgumentException.class, () -> Splits.stratifiedSample(posNeg, 0, 5));
    }

    @Test
    void complementHoldsExactlyTheRowsTheSampleLacks() {
        Dataset sample = Splits.stratifiedSample(posNeg, 30, 5);
        Split split = Splits.stratified(sample, 0.2, 5);
        Dataset heldOut = Splits.complement(posNeg, sample);
        assertEquals(120, heldOut.size());
        assertTrue(Collections.disjoint(rows(heldOut), rows(split.train())));
        assertTrue(Collections.disjoint(rows(heldOut), rows(sample)));
        assertTrue(isAscending(heldOut.rowIds()));
        assertEquals(posNeg.size(), Splits.complement(posNeg, split.val()).size() + split.val().size());
    }

    @Test
    void complementRejectsRowsFromElsewhere() {
        Dataset other = Datasets.withCounts(500, 500);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.complement(posNeg, other.subset(new int[] {999})));
        assertTrue(e.getMessage().contains("999"), e.getMessage());
    }

    @Test
    void multiLabelDataIsStratifiedByTheFirstLabel() {
        List<String> texts = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("t" + i);
            labels.add(i < 30 ? new int[] {0, 2} : new int[] {1, 2});
        }
        Dataset data = new Dataset(texts, labels, new LabelMap(List.of("a", "b", "c")), true,
                IntStream.range(0, 40).toArray(), "multi");
        assertArrayEquals(new int[] {3, 1, 4}, Splits.stratified(data, 0.1, 1).val().classCounts());
    }

    private static Set<Integer> rows(Dataset data) {
        Set<Integer> rows = new HashSet<>();
        Arrays.stream(data.rowIds()).forEach(rows::add);
        return rows;
    }

    private static boolean isAscending(int[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] <= values[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
