package dev.tune4j.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CPU flags that decide whether bf16 matrix products are fast here, read from {@code /proc/cpuinfo}, and
 * the ISA cap oneDNN runs under ({@code ONEDNN_MAX_CPU_ISA}, or its older name {@code DNNL_MAX_CPU_ISA}): libtorch's
 * bf16 products are oneDNN's, so a cap below AVX512_CORE_BF16 leaves only its slow reference code for them. The
 * cap is also how an AVX2-only CPU is emulated on a newer one ({@code bench/README.md}).
 *
 * @param isaCap the cap's value, or null when none is set
 */
record CpuFeatures(Set<String> flags, String isaCap) {

    /** AVX512-BF16 (Cooper Lake, Zen 4/5) or AMX-BF16 (Sapphire Rapids and later): bf16 dot products in hardware. */
    static final Set<String> BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");

    /** oneDNN's ISA names below its first with bf16 dot products (AVX512_CORE_BF16). */
    static final Set<String> CAPS_WITHOUT_BF16 = Set.of("SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX2_VNNI_2", "AVX512_CORE",
            "AVX512_CORE_VNNI");

    CpuFeatures(Set<String> flags) {
        this(flags, null);
    }

    static CpuFeatures current() {
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA") != null ? System.getenv("ONEDNN_MAX_CPU_ISA")
                : System.getenv("DNNL_MAX_CPU_ISA");
        try {
            return new CpuFeatures(parse(Files.readString(Path.of("/proc/cpuinfo"))).flags(), cap);
        } catch (IOException | RuntimeException e) {
            return new CpuFeatures(Set.of(), cap);
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
        return hardwareBf16() && !capExcludesBf16();
    }

    boolean hardwareBf16() {
        return BF16_FLAGS.stream().anyMatch(flags::contains);
    }

    boolean capExcludesBf16() {
        return isaCap != null && CAPS_WITHOUT_BF16.contains(isaCap.trim().toUpperCase(Locale.ROOT));
    }
}
