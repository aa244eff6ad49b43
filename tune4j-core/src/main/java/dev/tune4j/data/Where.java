package dev.tune4j.data;

import dev.tune4j.Tune4jException;

/** A place in an input file; every data error names one so the user can open the file right there. */
record Where(String file, int line) {

    Where {
        if (line < 1) {
            throw new IllegalArgumentException("lines count from 1, got " + line + " in " + file);
        }
    }

    Tune4jException error(String message) {
        return new Tune4jException(file + ":" + line + ": " + message);
    }

    Tune4jException error(String message, Throwable cause) {
        return new Tune4jException(file + ":" + line + ": " + message, cause);
    }
}
