package dev.tune4j.cli;

import dev.tune4j.tokenize.Truncation;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Accepts {@code head}, {@code tail} and {@code head+tail} as the CLI spells them. */
public final class TruncationConverter implements ITypeConverter<Truncation> {

    @Override
    public Truncation convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "head" -> Truncation.HEAD;
            case "tail" -> Truncation.TAIL;
            case "head+tail", "head_tail", "head-tail" -> Truncation.HEAD_TAIL;
            default -> throw new TypeConversionException("'" + value + "' is not one of head, tail, head+tail");
        };
    }
}
