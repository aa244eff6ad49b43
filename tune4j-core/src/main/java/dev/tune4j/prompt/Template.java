package dev.tune4j.prompt;

import dev.tune4j.Tune4jException;

/**
 * A cloze prompt such as {@code "{text} It was [MASK]."}: exactly one {@code {text}} where the input
 * goes and one {@code [MASK]} whose prediction decides the label.
 */
public record Template(String pattern) {

    public static final String TEXT = "{text}";
    public static final String MASK = "[MASK]";
    /** LM-BFF's sentiment template (Gao et al. 2021). */
    public static final Template LM_BFF = new Template("{text} It was [MASK].");
    /**
     * The default: of five sentiment templates, the most accurate alone on IMDB development reviews, zero-shot
     * with calibration (bench/RESULTS.md); its mask comes after the text, next to a review's verdict.
     */
    public static final Template SENTIMENT = new Template("{text} In summary, the movie was [MASK].");

    public Template {
        if (pattern == null || count(pattern, TEXT) != 1 || count(pattern, MASK) != 1) {
            throw new Tune4jException("template \"" + pattern + "\" must contain {text} exactly once and [MASK] exactly once, "
                    + "e.g. \"{text} It was [MASK].\"");
        }
    }

    /** What comes before {@code {text}}. */
    public String prefix() {
        return pattern.substring(0, pattern.indexOf(TEXT));
    }

    /** What comes after {@code {text}}. */
    public String suffix() {
        return pattern.substring(pattern.indexOf(TEXT) + TEXT.length());
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
