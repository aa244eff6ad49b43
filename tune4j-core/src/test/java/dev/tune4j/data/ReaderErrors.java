package dev.tune4j.data;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tune4j.Tune4jException;
import java.nio.file.Path;

/** The message of the error that reading a file must raise. */
final class ReaderErrors {

    private ReaderErrors() {}

    static String message(Path file, DataOptions options) {
        return assertThrows(Tune4jException.class, () -> DataReader.read(file, options)).getMessage();
    }
}
