package dev.tune4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Review-like texts of exactly {@code tokens} BERT tokens ([CLS] and [SEP] included): words that are one word piece
 * each in bert-base-uncased's vocabulary, in seeded random order. The load generator and the offline baseline use
 * the same ones; the server's {@code x-compute-tokens} header confirms the count.
 */
final class ServeTexts {

    private static final String[] WORDS = ("the movie was good and it is a story film great bad actor plot very with for "
            + "this that not but one time like just so really well even would character scene make much see also people "
            + "some first best because way life love never ever little many watch end show still better seen man know "
            + "made think real again world old young family funny music long part while action give after before over "
            + "about only through").split(" ");

    private ServeTexts() {}

    static List<String> make(int n, int tokens, long seed) {
        Random rng = new Random(seed);
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < tokens - 2; w++) {
                sb.append(w == 0 ? "" : " ").append(WORDS[rng.nextInt(WORDS.length)]);
            }
            texts.add(sb.toString());
        }
        return texts;
    }
}
