package dev.tune4j.bench;

/**
 * Pseudo-random token ids from a 64-bit LCG (Knuth's MMIX constants) with a fixed seed, written so that
 * forward_bench.py produces exactly the same ids and the two outputs can be compared.
 */
final class TokenIds {

    static final long SEED = 42;
    /** Skip [PAD], [unused*], [CLS], [SEP], [MASK] and the other low ids. */
    static final int FIRST = 1000;

    private TokenIds() {}

    static long[] generate(int n, int vocab) {
        long[] ids = new long[n];
        long x = SEED;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            ids[i] = FIRST + Long.remainderUnsigned(x >>> 33, vocab - FIRST);
        }
        return ids;
    }
}
