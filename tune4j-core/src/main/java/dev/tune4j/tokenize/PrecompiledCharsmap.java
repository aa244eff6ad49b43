package dev.tune4j.tokenize;

import dev.tune4j.Tune4jException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks a SentencePiece {@code precompiled_charsmap} (the normalization rules of XLM-RoBERTa's and CamemBERT's
 * tokenizer.json, e.g. nmt_nfkc) so that Hugging Face's native reader can never index outside it.
 *
 * <p>The blob is {@code [u32 trie bytes][trie: u32 units, a darts-clone double array][replacements: UTF-8, NUL-separated]}.
 * The native reader sizes a buffer from the first u32 before reading it, and on every text walks the trie with
 * unchecked indexing, then slices the replacements at the offset a leaf holds: a crafted blob would panic inside
 * the JVM on the user's text. Checking that the blob decodes is not enough for that, so this walks every trie
 * state any input byte can reach and checks each unit read and each leaf's offset (within the replacements, on a
 * character boundary). A real charsmap passes (nmt_nfkc: 240 kB, about 60,000 units, a few milliseconds).
 */
final class PrecompiledCharsmap {

    private PrecompiledCharsmap() {}

    /** @throws Tune4jException naming {@code file} and {@code where} when the charsmap could crash the native reader */
    static void check(Path file, String where, String base64) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw bad(file, where, "is not base64 (" + e.getMessage() + ")");
        }
        if (blob.length < 8) {
            throw bad(file, where, "has " + blob.length + " bytes, too few for a trie");
        }
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long trieBytes = Integer.toUnsignedLong(in.getInt());
        if (trieBytes == 0 || trieBytes % 4 != 0 || trieBytes > blob.length - 4) {
            throw bad(file, where, "announces a trie of " + trieBytes + " bytes in a blob of " + blob.length
                    + " (it must be a positive multiple of 4 that fits)");
        }
        int[] units = new int[(int) (trieBytes / 4)];
        in.asIntBuffer().get(units);
        byte[] replacements = new byte[blob.length - 4 - (int) trieBytes];
        System.arraycopy(blob, 4 + (int) trieBytes, replacements, 0, replacements.length);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(replacements));
        } catch (CharacterCodingException e) {
            throw bad(file, where, "has replacement text that is not UTF-8");
        }
        walk(file, where, units, replacements);
    }

    /** Every state reachable from the root by any bytes 1..255 (the native walk stops at NUL), as the native walk reads it. */
    private static void walk(Path file, String where, int[] units, byte[] replacements) {
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> todo = new ArrayDeque<>();
        todo.add(offset(units[0]));
        while (!todo.isEmpty()) {
            long node = todo.poll();
            if (!seen.add(node)) {
                continue;
            }
            for (int c = 1; c < 256; c++) {
                long child = node ^ c;
                if (child >= units.length) {
                    throw bad(file, where, "has a trie transition past its " + units.length + " units");
                }
                int unit = units[(int) child];
                if (label(unit) != c) {
                    continue;
                }
                long next = child ^ offset(unit);
                if (hasLeaf(unit)) {
                    if (next >= units.length) {
                        throw bad(file, where, "has a trie leaf past its " + units.length + " units");
                    }
                    checkReplacement(file, where, units[(int) next] & 0x7FFFFFFF, replacements);
                }
                todo.add(next);
            }
        }
    }

    /** The native side slices the replacements from {@code at} to the next NUL: {@code at} must start a character. */
    private static void checkReplacement(Path file, String where, int at, byte[] replacements) {
        if (at > replacements.length || at < replacements.length && (replacements[at] & 0xC0) == 0x80) {
            throw bad(file, where, "points at byte " + at + " of its " + replacements.length
                    + "-byte replacement text, not the start of a character");
        }
    }

    private static long offset(int unit) {
        long u = Integer.toUnsignedLong(unit);
        return (u >>> 10) << ((u & (1L << 9)) >>> 6);
    }

    private static long label(int unit) {
        return Integer.toUnsignedLong(unit) & ((1L << 31) | 0xFF);
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static Tune4jException bad(Path file, String where, String what) {
        return new Tune4jException(file + ": " + where + " " + what + "; it must be the precompiled_charsmap of a "
                + "SentencePiece model");
    }
}
