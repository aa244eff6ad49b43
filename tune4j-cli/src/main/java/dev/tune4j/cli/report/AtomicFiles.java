package dev.tune4j.cli.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** The report's files go through the core's {@link dev.tune4j.AtomicFiles}: temp file, fsync, atomic rename. */
final class AtomicFiles {

    /** Produces a file's bytes. */
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    static void write(Path target, Writer writer) throws IOException {
        dev.tune4j.AtomicFiles.write(target, writer::writeTo);
    }

    static void writeString(Path target, String text) throws IOException {
        dev.tune4j.AtomicFiles.writeString(target, text);
    }
}
