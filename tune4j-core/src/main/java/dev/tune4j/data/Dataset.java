package dev.tune4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Labelled examples in memory.
 *
 * <p>{@code labels.get(i)} holds the label ids of example {@code i} in strictly ascending order: exactly
 * one for a single-label data set, at least one for a multi-label one. {@code rowIds[i]} is the
 * 0-based index of example {@code i} among the data rows of the source file (header and skipped blank
 * lines not counted), so a split or sample can be traced to the file and complemented against it.
 *
 * <p>The arrays are copied in and must not be modified through {@link #labels()}; {@link #rowIds()}
 * returns a copy.
 */
public record Dataset(List<String> texts, List<int[]> labels, LabelMap labelMap, boolean multiLabel,
        int[] rowIds, String source) {

    public Dataset {
        if (texts == null || labels == null || labelMap == null || rowIds == null || source == null) {
            throw new IllegalArgumentException("no component of a Dataset may be null");
        }
        if (labels.size() != texts.size() || rowIds.length != texts.size()) {
            throw new IllegalArgumentException("texts (" + texts.size() + "), labels (" + labels.size()
                    + ") and rowIds (" + rowIds.length + ") must have the same length");
        }
        texts = List.copyOf(texts);
        List<int[]> copied = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            int[] row = labels.get(i);
            requireValidLabels(i, row, labelMap.size(), multiLabel);
            copied.add(row.clone());
        }
        labels = List.copyOf(copied);
        rowIds = rowIds.clone();
        requireDistinctRowIds(rowIds);
    }

    public int size() {
        return texts.size();
    }

    public String text(int i) {
        return texts.get(i);
    }

    /** The one label id of example {@code i} of a single-label data set. */
    public int label(int i) {
        if (multiLabel) {
            throw new IllegalStateException("label(int) is for single-label data; " + source
                    + " is multi-label, use labels().get(" + i + ")");
        }
        return labels.get(i)[0];
    }

    public int rowId(int i) {
        return rowIds[i];
    }

    @Override
    public int[] rowIds() {
        return rowIds.clone();
    }

    /** The examples at {@code indices}, in that order, with their row ids, label map and source. */
    public Dataset subset(int[] indices) {
        List<String> subTexts = new ArrayList<>(indices.length);
        List<int[]> subLabels = new ArrayList<>(indices.length);
        int[] subRows = new int[indices.length];
        BitSet taken = new BitSet(size());
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IllegalArgumentException("index " + i + " is outside 0.." + (size() - 1));
            }
            if (taken.get(i)) {
                throw new IllegalArgumentException("index " + i + " appears twice in the subset");
            }
            taken.set(i);
            subTexts.add(texts.get(i));
            subLabels.add(labels.get(i));
            subRows[k] = rowIds[i];
        }
        return new Dataset(subTexts, subLabels, labelMap, multiLabel, subRows, source);
    }

    /** Examples per label id; a multi-label example counts once for each of its labels. */
    public int[] classCounts() {
        int[] counts = new int[labelMap.size()];
        for (int[] row : labels) {
            for (int id : row) {
                counts[id]++;
            }
        }
        return counts;
    }

    private static void requireValidLabels(int i, int[] row, int numLabels, boolean multiLabel) {
        if (row == null || row.length == 0 || (!multiLabel && row.length != 1)) {
            throw new IllegalArgumentException("example " + i + " has labels " + Arrays.toString(row)
                    + "; " + (multiLabel ? "multi-label examples need at least one" : "single-label examples need exactly one"));
        }
        for (int k = 0; k < row.length; k++) {
            if (row[k] < 0 || row[k] >= numLabels) {
                throw new IllegalArgumentException("example " + i + " has label id " + row[k]
                        + ", outside 0.." + (numLabels - 1));
            }
            if (k > 0 && row[k] <= row[k - 1]) {
                throw new IllegalArgumentException("example " + i + " has labels " + Arrays.toString(row)
                        + "; they must be distinct and ascending");
            }
        }
    }

    private static void requireDistinctRowIds(int[] rowIds) {
        int[] sorted = rowIds.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < sorted.length; k++) {
            if (sorted[k] < 0 || (k > 0 && sorted[k] == sorted[k - 1])) {
                throw new IllegalArgumentException("row ids must be distinct and non-negative, found "
                        + sorted[k] + (sorted[k] < 0 ? "" : " twice"));
            }
        }
    }
}
