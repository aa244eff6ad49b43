package dev.tune4j.tokenize;

/** How encodings of one call are brought to a common length. Padding goes at the end. */
public enum Padding {
    /** Leave every encoding at its own length. */
    NONE,
    /** Pad to the longest encoding of the call: least work for the model. */
    LONGEST,
    /** Pad to {@link TokenizerOptions#maxLength()}: one shape for every batch. */
    MAX_LENGTH
}
