package dev.tune4j.engine;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The libtorch libraries DJL has loaded into this process, for the few settings DJL has no call for. */
final class NativeLibraries {

    private NativeLibraries() {}

    /** The already-mapped library {@code fileName} (e.g. {@code libc10.so}); DJL extracts them to its cache. */
    static NativeLibrary loaded(String fileName) throws IOException {
        String path = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith("/" + fileName))
                .findFirst().map(l -> l.substring(l.indexOf('/')))
                .orElseThrow(() -> new IOException(fileName + " is not mapped"));
        return NativeLibrary.getInstance(path);
    }
}
