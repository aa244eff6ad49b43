package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The server's malloc settings take on Linux with glibc (the machines tune4j runs on). */
class MallocTest {

    @Test
    void glibcTakesTheFixedMmapThreshold() {
        assumeTrue(System.getenv("MALLOC_MMAP_THRESHOLD_") == null, "MALLOC_MMAP_THRESHOLD_ is set: left to the user");
        assumeTrue(Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6")) || Files.exists(Path.of("/lib64/libc.so.6")),
                "not a glibc system");
        assertTrue(Malloc.returnLargeBlocks(), "mallopt(M_MMAP_THRESHOLD) and mallopt(M_TRIM_THRESHOLD) return 1 on glibc");
    }
}
