package dev.tune4j.tokenize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A hand-written vocabulary small enough to predict every id: specials, the letters, a few pieces. */
final class TinyVocab {

    static final long PAD = 0;
    static final long UNK = 1;
    static final long CLS = 2;
    static final long SEP = 3;
    static final long MASK = 4;

    static final List<String> TOKENS = tokens();

    private TinyVocab() {}

    private static List<String> tokens() {
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add(String.valueOf(c));
        }
        tokens.addAll(List.of("un", "##aff", "##able", "run", "##s", "."));
        return tokens;
    }

    static long id(String token) {
        int id = TOKENS.indexOf(token);
        if (id < 0) {
            throw new IllegalArgumentException(token + " is not in the tiny vocabulary");
        }
        return id;
    }

    /** Ids of space-separated tokens. */
    static long[] ids(String tokens) {
        return Arrays.stream(tokens.split(" ")).mapToLong(TinyVocab::id).toArray();
    }

    static Path write(Path dir) {
        return write(dir, TOKENS);
    }

    static Path write(Path dir, List<String> tokens) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve("vocab.txt"), tokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
