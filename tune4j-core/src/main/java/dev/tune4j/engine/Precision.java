package dev.tune4j.engine;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The number format of inference compute. BF16 runs the encoder's matrix products, attention and
 * LayerNorms in bfloat16 through libtorch (see {@link Bf16Torch}); inputs, outputs and everything DJL
 * touches stay fp32.
 */
public enum Precision {
    FP32,
    BF16,
    /** BF16 where the CPU multiplies bf16 in hardware (AVX512-BF16 or AMX), else FP32. */
    AUTO;

    /** Parses {@code fp32}, {@code bf16} or {@code auto}, case-insensitively. */
    public static Precision parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown dtype '" + name + "'; expected fp32, bf16 or auto");
        }
    }

    /**
     * What to run in: FP32 or BF16, never AUTO. Falls back to FP32 where bf16 is unsupported or its
     * library cannot be loaded, with one line to {@code warn} when bf16 was asked for explicitly (or
     * AUTO found a bf16 CPU but not the library). Starts the engine.
     */
    public Precision resolve(Consumer<String> warn) {
        return resolve(CpuFeatures.current(), warn);
    }

    Precision resolve(CpuFeatures cpu, Consumer<String> warn) {
        if (this == FP32) {
            return FP32;
        }
        if (!cpu.hasBf16()) {
            if (this == BF16) {
                warn.accept(cpu.hardwareBf16()
                        ? "bf16 requested, but oneDNN is capped at " + cpu.isaCap() + " (ONEDNN_MAX_CPU_ISA), below bf16; running in fp32"
                        : "bf16 requested, but this CPU reports neither avx512_bf16 nor amx_bf16; running in fp32");
            }
            return FP32;
        }
        String why = Bf16Torch.load();
        if (why != null) {
            warn.accept("bf16 unavailable (" + why + "); running in fp32");
            return FP32;
        }
        return BF16;
    }
}
