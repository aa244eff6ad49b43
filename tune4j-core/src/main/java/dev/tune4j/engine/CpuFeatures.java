package dev.tune4j.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The CPU flags that decide whether bf16 matrix products are fast here, read from {@code /proc/cpuinfo}. */
record CpuFeatures(Set<String> flags) {

    /** AVX512-BF16 (Cooper Lake, Zen 4/5) or AMX-BF16 (Sapphire Rapids and later): bf16 dot products in hardware. */
    static final Set<String> BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");

    static CpuFeatures current() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return new CpuFeatures(Set.of());
        }
    }

    /** The flags of the first processor listed ({@code flags : fpu vme ...}); all cores of a host agree. */
    static CpuFeatures parse(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                return new CpuFeatures(Arrays.stream(line.substring(colon + 1).trim().split("\\s+"))
                        .collect(Collectors.toUnmodifiableSet()));
            }
        }
        return new CpuFeatures(Set.of());
    }

    boolean hasBf16() {
        return BF16_FLAGS.stream().anyMatch(flags::contains);
    }
}
