package dev.tune4j.mlm;

import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.SpecialTokens;
import java.util.SplittableRandom;

/**
 * BERT's dynamic masking (Devlin et al. 2019): each maskable token is chosen with probability
 * {@code maskProb}; a chosen token becomes [MASK] 80% of the time, a random token 10%, and stays
 * itself 10%. The model must predict the original token at every chosen position. Special tokens
 * ([CLS], [SEP], [PAD], [MASK], [UNK]) are never chosen.
 *
 * <p>With whole-word masking a word, i.e. a piece and the {@code ##} pieces that continue it, is chosen
 * as a unit with probability {@code maskProb}, so all its pieces are predicted together; the
 * 80/10/10 replacement is still decided per piece, as in Hugging Face's whole-word collator.
 *
 * <p>Randomness comes only from the {@link SplittableRandom} passed in: a batch seeded by
 * {@code (seed, epoch, batch)} is masked the same way on every run.
 */
public final class Masker {

    /** Share of chosen tokens replaced by [MASK]; half of the rest become random tokens. */
    static final double MASK_SHARE = 0.8;
    static final double RANDOM_SHARE = 0.1;

    /**
     * A masked batch, flat row-major (B, T) like {@link dev.tune4j.tokenize.Batch}.
     *
     * @param inputIds the corrupted ids the model sees
     * @param positions flat indices of the M chosen tokens, ascending
     * @param targets the original ids at {@code positions}: what the model must predict
     */
    public record Masked(long[] inputIds, long[] positions, long[] targets) {}

    private final double maskProb;
    private final boolean wholeWord;
    private final long maskId;
    private final boolean[] special;
    private final boolean[] continuation;
    private final long[] randomPool;

    /**
     * @param vocabSize V; ids must lie in [0, V)
     * @param specialIds ids that are never chosen nor drawn as random replacements
     * @param continuation per id, whether it continues the previous piece's word ({@code ##…}); may
     *     be null when {@code wholeWord} is false
     */
    public Masker(double maskProb, boolean wholeWord, int vocabSize, long maskId, long[] specialIds, boolean[] continuation) {
        if (!(maskProb > 0 && maskProb < 1)) {
            throw new IllegalArgumentException("mask probability must be in (0, 1), got " + maskProb);
        }
        if (wholeWord && (continuation == null || continuation.length != vocabSize)) {
            throw new IllegalArgumentException("whole-word masking needs a continuation flag for each of the "
                    + vocabSize + " ids");
        }
        this.maskProb = maskProb;
        this.wholeWord = wholeWord;
        this.maskId = maskId;
        this.special = new boolean[vocabSize];
        for (long id : specialIds) {
            special[Math.toIntExact(id)] = true;
        }
        this.continuation = continuation;
        this.randomPool = java.util.stream.LongStream.range(0, vocabSize).filter(id -> !special[(int) id]).toArray();
    }

    /** A masker for {@code tokenizer}'s vocabulary: its special tokens and {@code ##} pieces. */
    public static Masker forTokenizer(BertTokenizer tokenizer, double maskProb, boolean wholeWord) {
        int v = tokenizer.vocabSize();
        boolean[] continuation = new boolean[v];
        long[] all = java.util.stream.LongStream.range(0, v).toArray();
        java.util.List<String> tokens = tokenizer.tokens(all);
        for (int id = 0; id < v; id++) {
            continuation[id] = tokens.get(id).startsWith("##");
        }
        SpecialTokens s = tokenizer.specialTokens();
        return new Masker(maskProb, wholeWord, v, s.mask(),
                new long[] {s.cls(), s.sep(), s.pad(), s.mask(), s.unk()}, continuation);
    }

    /**
     * Masks {@code ids} (flat (B, T); the input is not modified). At least one token is chosen
     * whenever any is maskable, so a batch always has a loss.
     */
    public Masked mask(long[] ids, SplittableRandom rng) {
        boolean[] chosen = choose(ids, rng);
        long[] corrupted = ids.clone();
        int m = 0;
        for (boolean c : chosen) {
            m += c ? 1 : 0;
        }
        long[] positions = new long[m];
        long[] targets = new long[m];
        int k = 0;
        for (int i = 0; i < ids.length; i++) {
            if (!chosen[i]) {
                continue;
            }
            positions[k] = i;
            targets[k++] = ids[i];
            double r = rng.nextDouble();
            if (r < MASK_SHARE) {
                corrupted[i] = maskId;
            } else if (r < MASK_SHARE + RANDOM_SHARE) {
                corrupted[i] = randomPool[rng.nextInt(randomPool.length)];
            }
        }
        return new Masked(corrupted, positions, targets);
    }

    private boolean[] choose(long[] ids, SplittableRandom rng) {
        boolean[] chosen = new boolean[ids.length];
        boolean any = false;
        boolean wordChosen = false;
        for (int i = 0; i < ids.length; i++) {
            if (special[(int) ids[i]]) {
                wordChosen = false;
                continue;
            }
            // A continuation piece follows its word's decision; anything else starts a new word.
            if (!(wholeWord && continues(ids, i))) {
                wordChosen = rng.nextDouble() < maskProb;
            }
            chosen[i] = wordChosen;
            any |= wordChosen;
        }
        if (!any) {
            int[] maskable = java.util.stream.IntStream.range(0, ids.length).filter(i -> !special[(int) ids[i]]).toArray();
            if (maskable.length > 0) {
                int start = maskable[rng.nextInt(maskable.length)];
                while (wholeWord && continues(ids, start)) {
                    start--;
                }
                chosen[start] = true;
                for (int i = start + 1; wholeWord && i < ids.length && continues(ids, i); i++) {
                    chosen[i] = true;
                }
            }
        }
        return chosen;
    }

    /** Whether the piece at {@code i} continues the word of the piece before it. */
    private boolean continues(long[] ids, int i) {
        return !special[(int) ids[i]] && continuation[(int) ids[i]] && i > 0 && !special[(int) ids[i - 1]];
    }
}
