package dev.tune4j.serve;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;

/**
 * glibc's malloc, set for a server that runs forwards for days. By default glibc raises its mmap threshold each time
 * a large block is freed, so libtorch's activation buffers (megabytes each) soon come from the heap, and freed
 * ones stay resident: under a burst of full batches the fp32 server's RSS rose 8–15% and stayed there
 * (bench/RESULTS.md, "Overload, continued"). With a fixed threshold of 128 KiB every large block gets its own
 * mapping and goes back to the system when freed (there: −250 MiB steady, +3% under overload).
 * It has a price: every large block is then a fresh mapping whose pages fault in on each forward. In bf16, whose
 * activations are half as large and whose RSS stayed within 5% under overload without it, the steady throughput was
 * 12–30% higher without it (RESULTS, run K), so the server applies it only when a model runs in fp32.
 * A {@code MALLOC_MMAP_THRESHOLD_} in the environment is the user's choice and is left alone.
 */
final class Malloc {

    /** glibc's {@code mallopt} parameters ({@code malloc.h}). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    static final int THRESHOLD = 128 * 1024;

    /** The one function used from the C library. */
    interface C extends Library {
        int mallopt(int param, int value);
    }

    private Malloc() {}

    /** Fixes both thresholds at {@link #THRESHOLD}; false where that is not glibc's to do (or the user set one). */
    static boolean returnLargeBlocks() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                || System.getenv("MALLOC_MMAP_THRESHOLD_") != null) {
            return false;
        }
        try {
            C c = Native.load("c", C.class);
            return c.mallopt(M_MMAP_THRESHOLD, THRESHOLD) == 1 && c.mallopt(M_TRIM_THRESHOLD, THRESHOLD) == 1;
        } catch (LinkageError | RuntimeException e) {
            return false; // another C library, or no JNA: glibc's defaults stay
        }
    }
}
