package dev.tune4j.mlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskerTest {

    private static final int V = 100;
    private static final long PAD = 0, UNK = 1, CLS = 2, SEP = 3, MASK = 4;
    private static final long[] SPECIAL = {PAD, UNK, CLS, SEP, MASK};
    /** Ids 60 and up are "##" continuation pieces. */
    private static final boolean[] CONTINUATION = continuation();

    private static boolean[] continuation() {
        boolean[] c = new boolean[V];
        for (int id = 60; id < V; id++) {
            c[id] = true;
        }
        return c;
    }

    /** (B, T) rows of [CLS] pieces [SEP] [PAD]…, with an occasional [UNK] and literal [MASK] in the text. */
    private static long[] batch(Random rng, int b, int t) {
        long[] ids = new long[b * t];
        for (int r = 0; r < b; r++) {
            int len = t / 2 + rng.nextInt(t / 2 - 1);
            ids[r * t] = CLS;
            for (int i = 1; i < len; i++) {
                int x = rng.nextInt(100);
                ids[r * t + i] = x == 0 ? UNK : x == 1 ? MASK : 5 + rng.nextInt(V - 5);
            }
            ids[r * t + len] = SEP;
        }
        return ids;
    }

    private static boolean special(long id) {
        return id == PAD || id == UNK || id == CLS || id == SEP || id == MASK;
    }

    @Test
    void masksFifteenPercentSplitEightyTenTenAndNeverASpecialToken() {
        Masker masker = new Masker(0.15, false, V, MASK, SPECIAL, null);
        Random data = new Random(1);
        long maskable = 0, chosen = 0, toMask = 0, toRandom = 0, unchanged = 0;
        for (int b = 0; b < 300; b++) {
            long[] ids = batch(data, 16, 64);
            Masker.Masked m = masker.mask(ids, new SplittableRandom(b));
            for (long id : ids) {
                maskable += special(id) ? 0 : 1;
            }
            for (int k = 0; k < m.positions().length; k++) {
                int p = (int) m.positions()[k];
                assertFalse(special(ids[p]), "special token " + ids[p] + " masked at " + p);
                assertEquals(ids[p], m.targets()[k]);
                long now = m.inputIds()[p];
                if (now == MASK) {
                    toMask++;
                } else if (now == ids[p]) {
                    unchanged++;
                } else {
                    toRandom++;
                    assertFalse(special(now), "random replacement " + now + " is a special token");
                }
            }
            for (int i = 0; i < ids.length; i++) {
                final int at = i;
                if (java.util.Arrays.stream(m.positions()).noneMatch(p -> p == at)) {
                    assertEquals(ids[i], m.inputIds()[i], "unchosen token changed at " + i);
                }
            }
            chosen += m.positions().length;
        }
        double rate = (double) chosen / maskable;
        assertEquals(0.15, rate, 0.01, "masked fraction");
        assertEquals(0.80, (double) toMask / chosen, 0.02, "[MASK] share");
        assertEquals(0.10, (double) toRandom / chosen, 0.02, "random share");
        assertEquals(0.10, (double) unchanged / chosen, 0.02, "unchanged share");
    }

    @Test
    void sameSeedGivesTheSameMasksAndAnotherSeedDifferentOnes() {
        Masker masker = new Masker(0.15, false, V, MASK, SPECIAL, null);
        long[] ids = batch(new Random(2), 8, 64);
        Masker.Masked a = masker.mask(ids, new SplittableRandom(42));
        Masker.Masked b = masker.mask(ids, new SplittableRandom(42));
        Masker.Masked c = masker.mask(ids, new SplittableRandom(43));
        assertArrayEquals(a.inputIds(), b.inputIds());
        assertArrayEquals(a.positions(), b.positions());
        assertFalse(java.util.Arrays.equals(a.positions(), c.positions()));
    }

    @Test
    void wholeWordMaskingMasksEveryPieceOfAWordTogether() {
        Masker masker = new Masker(0.15, true, V, MASK, SPECIAL, CONTINUATION);
        Random data = new Random(3);
        long maskable = 0, chosenTokens = 0, wordsWithPieces = 0;
        for (int b = 0; b < 200; b++) {
            long[] ids = batch(data, 8, 64);
            Masker.Masked m = masker.mask(ids, new SplittableRandom(b));
            boolean[] chosen = new boolean[ids.length];
            for (long p : m.positions()) {
                chosen[(int) p] = true;
            }
            for (int i = 1; i < ids.length; i++) {
                boolean continues = !special(ids[i]) && CONTINUATION[(int) ids[i]] && !special(ids[i - 1]);
                if (continues) {
                    wordsWithPieces++;
                    assertEquals(chosen[i - 1], chosen[i], "piece " + i + " split from its word");
                }
                maskable += special(ids[i]) ? 0 : 1;
            }
            chosenTokens += m.positions().length;
        }
        assertTrue(wordsWithPieces > 1000);
        assertEquals(0.15, (double) chosenTokens / maskable, 0.02, "token fraction under whole-word masking");
    }

    @Test
    void aBatchAlwaysHasAMaskedTokenAndAllSpecialBatchHasNone() {
        Masker masker = new Masker(0.01, true, V, MASK, SPECIAL, CONTINUATION);
        for (int seed = 0; seed < 50; seed++) {
            Masker.Masked m = masker.mask(new long[] {CLS, 10, 70, 71, SEP}, new SplittableRandom(seed));
            assertTrue(m.positions().length == 1 || m.positions().length == 3, "one whole word");
            assertEquals(1, m.positions()[0]);
        }
        assertEquals(0, masker.mask(new long[] {CLS, SEP, PAD}, new SplittableRandom(1)).positions().length);
    }
}
