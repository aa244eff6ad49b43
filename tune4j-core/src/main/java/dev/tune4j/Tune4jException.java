package dev.tune4j;

/**
 * A problem the user can fix: bad input, a missing or corrupted file, an impossible option.
 *
 * <p>The message is one line that names the offending thing and, where possible, the remedy. The CLI
 * prints it without a stack trace; anything that is not a {@code Tune4jException} is a bug.
 */
public class Tune4jException extends RuntimeException {

    public Tune4jException(String message) {
        super(oneLine(message));
    }

    public Tune4jException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * Messages quote what users and files supply (column names, JSON snippets, library messages); their
     * line breaks and other control characters are shown escaped, so the message stays one line.
     */
    static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
