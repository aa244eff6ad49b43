package dev.tune4j.data;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Reproducible stratified splits and samples.
 *
 * <p>The algorithm, exactly, so another implementation (or a Python script) can reproduce a split:
 * <ol>
 *   <li>The stratum of an example is its label id; for multi-label data, its first (lowest) label id.
 *   <li>One {@code java.util.Random rng = new Random(seed)} serves all strata, visited in ascending
 *       label id. Each stratum's example indices, in data set order, are shuffled with Fisher–Yates
 *       exactly as {@code Collections.shuffle(list, rng)} does it: for {@code i} from {@code n-1} down
 *       to 1, swap element {@code i} with element {@code rng.nextInt(i + 1)}. Empty strata draw nothing.
 *   <li>The first {@code k_c} shuffled indices of stratum {@code c} are selected ({@code k_c} is
 *       defined per method below).
 *   <li>Selected and unselected indices are each returned in ascending order, i.e. in data set order.
 * </ol>
 */
public final class Splits {

    private Splits() {}

    /**
     * Holds out {@code k_c = Math.round(n_c * valFraction)} examples of each stratum for validation,
     * kept within {@code [1, n_c - 1]} when {@code n_c >= 2} so every class with two or more examples
     * is both trained on and validated; a class with a single example stays in training.
     */
    public static Split stratified(Dataset data, double valFraction, long seed) {
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("valFraction must be strictly between 0 and 1, got " + valFraction);
        }
        int[][] strata = strata(data);
        int[] quotas = new int[strata.length];
        for (int c = 0; c < strata.length; c++) {
            int n = strata[c].length;
            quotas[c] = n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(n * valFraction)));
        }
        BitSet val = select(strata, quotas, seed);
        return new Split(data.subset(indices(data.size(), val, false)), data.subset(indices(data.size(), val, true)));
    }

    /**
     * {@code n} examples with the class proportions of {@code data} (for {@code --limit N}), or all of
     * {@code data} when {@code n >= data.size()}. Quotas use largest-remainder rounding: each stratum
     * gets {@code floor(n * n_c / N)}, and the examples still missing go one each to the strata with
     * the largest remainders {@code n * n_c mod N}, ties to the lower label id. A class too rare for
     * one example at this size gets none.
     */
    public static Dataset stratifiedSample(Dataset data, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("sample size must be at least 1, got " + n);
        }
        if (n >= data.size()) {
            return data;
        }
        int[][] strata = strata(data);
        BitSet chosen = select(strata, largestRemainderQuotas(strata, n, data.size()), seed);
        return data.subset(indices(data.size(), chosen, true));
    }

    /**
     * The examples of {@code full} whose row ids are not in {@code part}, in {@code full}'s order: for
     * evaluating on exactly the rows a (sampled, split) training run never saw.
     */
    public static Dataset complement(Dataset full, Dataset part) {
        if (!full.source().equals(part.source()) || !full.labelMap().equals(part.labelMap())) {
            throw new IllegalArgumentException("part must come from the same data as full: sources "
                    + full.source() + " and " + part.source() + ", labels " + full.labelMap().describe()
                    + " and " + part.labelMap().describe());
        }
        Set<Integer> fullRows = new HashSet<>();
        Arrays.stream(full.rowIds()).forEach(fullRows::add);
        Set<Integer> partRows = new HashSet<>();
        for (int row : part.rowIds()) {
            if (!fullRows.contains(row)) {
                throw new IllegalArgumentException("part has row " + row + ", which full lacks");
            }
            partRows.add(row);
        }
        return full.subset(IntStream.range(0, full.size())
                .filter(i -> !partRows.contains(full.rowId(i))).toArray());
    }

    /** Example indices per stratum, ascending; strata indexed by label id. */
    private static int[][] strata(Dataset data) {
        int[] sizes = new int[data.labelMap().size()];
        for (int i = 0; i < data.size(); i++) {
            sizes[data.labels().get(i)[0]]++;
        }
        int[][] strata = new int[sizes.length][];
        for (int c = 0; c < sizes.length; c++) {
            strata[c] = new int[sizes[c]];
        }
        int[] filled = new int[sizes.length];
        for (int i = 0; i < data.size(); i++) {
            int c = data.labels().get(i)[0];
            strata[c][filled[c]++] = i;
        }
        return strata;
    }

    private static BitSet select(int[][] strata, int[] quotas, long seed) {
        Random rng = new Random(seed);
        BitSet selected = new BitSet();
        for (int c = 0; c < strata.length; c++) {
            int[] shuffled = strata[c].clone();
            shuffle(shuffled, rng);
            for (int k = 0; k < quotas[c]; k++) {
                selected.set(shuffled[k]);
            }
        }
        return selected;
    }

    /** Fisher–Yates in the order {@code Collections.shuffle} uses, so the two agree for a given rng. */
    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] largestRemainderQuotas(int[][] strata, int n, int total) {
        int[] quotas = new int[strata.length];
        long[] remainders = new long[strata.length];
        int assigned = 0;
        for (int c = 0; c < strata.length; c++) {
            long share = (long) n * strata[c].length;
            quotas[c] = (int) (share / total);
            remainders[c] = share % total;
            assigned += quotas[c];
        }
        for (; assigned < n; assigned++) {
            int best = 0;
            for (int c = 1; c < strata.length; c++) {
                if (remainders[c] > remainders[best]) {
                    best = c;
                }
            }
            quotas[best]++;
            remainders[best] = -1;
        }
        return quotas;
    }

    private static int[] indices(int size, BitSet set, boolean inSet) {
        return IntStream.range(0, size).filter(i -> set.get(i) == inSet).toArray();
    }
}
