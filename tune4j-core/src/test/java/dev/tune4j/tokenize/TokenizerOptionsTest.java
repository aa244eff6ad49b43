package dev.tune4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenizerOptionsTest {

    @Test
    void rejectsNegativeMaxLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenizerOptions(-1, Truncation.HEAD, Padding.NONE));
        assertTrue(e.getMessage().contains("maxLength (-1)"), e.getMessage());
    }

    @Test
    void rejectsMaxLengthWithNoRoomBesideSpecialTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenizerOptions(2, Truncation.HEAD, Padding.NONE));
        assertTrue(e.getMessage().contains("maxLength (2)"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
    }

    @Test
    void rejectsPaddingToMaxLengthWithoutMaxLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenizerOptions(0, Truncation.HEAD, Padding.MAX_LENGTH));
        assertTrue(e.getMessage().contains("MAX_LENGTH"), e.getMessage());
    }

    @Test
    void rejectsEncodingsWhoseArraysDisagree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Encoding(new long[3], new long[3], new long[2]));
        assertTrue(e.getMessage().contains("attentionMask 2"), e.getMessage());
    }

    @Test
    void rejectsBatchWhoseArraysDoNotFitItsShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Batch(new long[6], new long[6], new long[5], 2, 3));
        assertTrue(e.getMessage().contains("attentionMask 5"), e.getMessage());
    }
}
