package dev.tune4j.tokenize;

import java.util.Arrays;

/**
 * Which tokens of a too-long text survive. Special tokens are never cut; the budget is what is left
 * of the maximum length after them.
 */
public enum Truncation {
    /** Keep the start, drop the end: what Hugging Face does by default. */
    HEAD,
    /** Keep the end, drop the start. */
    TAIL,
    /**
     * Keep the start and the end, drop the middle (Sun et al. 2019, "How to Fine-Tune BERT for Text
     * Classification?"): at 512 tokens they keep the first 128 and the last 382 of a review. The head
     * gets {@code floor(budget * 128 / 510)} tokens and the tail the rest, so 512 reproduces the paper
     * exactly and smaller lengths keep the same one-to-three split.
     */
    HEAD_TAIL;

    private static final int PAPER_HEAD = 128;
    private static final int PAPER_BUDGET = 510;

    /** The {@code keep} surviving ids of a text, in order; the text itself when it fits. */
    public long[] keep(long[] ids, int keep) {
        if (keep >= ids.length) {
            return ids;
        }
        int head = headCount(keep);
        int tail = keep - head;
        long[] kept = Arrays.copyOf(ids, keep);
        System.arraycopy(ids, ids.length - tail, kept, head, tail);
        return kept;
    }

    /** How many of the {@code keep} surviving tokens come from the start of the text. */
    int headCount(int keep) {
        return switch (this) {
            case HEAD -> keep;
            case TAIL -> 0;
            case HEAD_TAIL -> keep * PAPER_HEAD / PAPER_BUDGET;
        };
    }
}
