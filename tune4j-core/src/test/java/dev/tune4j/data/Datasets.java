package dev.tune4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Synthetic single-label data sets for split and sampling tests. */
final class Datasets {

    private Datasets() {}

    /** {@code counts[c]} examples of class c, interleaved round-robin so classes are not contiguous. */
    static Dataset withCounts(int... counts) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            names.add("c" + c);
        }
        List<String> texts = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int[] left = counts.clone();
        for (boolean any = true; any; ) {
            any = false;
            for (int c = 0; c < left.length; c++) {
                if (left[c] > 0) {
                    left[c]--;
                    texts.add("example " + texts.size() + " of c" + c);
                    labels.add(new int[] {c});
                    any = true;
                }
            }
        }
        int[] rowIds = IntStream.range(0, texts.size()).toArray();
        return new Dataset(texts, labels, new LabelMap(names), false, rowIds, "synthetic");
    }
}
