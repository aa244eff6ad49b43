package dev.tune4j;

/**
 * A problem the user can fix: bad input, a missing or corrupted file, an impossible option.
 *
 * <p>The message is one line that names the offending thing and, where possible, the remedy. The CLI
 * prints it without a stack trace; anything that is not a {@code Tune4jException} is a bug.
 */
public class Tune4jException extends RuntimeException {

    public Tune4jException(String message) {
        super(message);
    }

    public Tune4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
