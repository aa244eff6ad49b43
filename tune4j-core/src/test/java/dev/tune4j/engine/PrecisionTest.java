package dev.tune4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PrecisionTest {

    private static final CpuFeatures NO_BF16 = new CpuFeatures(Set.of("avx2", "avx512f", "avx512_vnni"));

    @Test
    void readsFlagsOfTheFirstProcessor() {
        String cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx512f avx512_bf16 avx512_vnni\n\n"
                + "processor\t: 1\nflags\t\t: fpu\n";
        assertTrue(CpuFeatures.parse(cpuinfo).hasBf16());
        assertTrue(CpuFeatures.parse("flags : sse2 amx_bf16 amx_tile\n").hasBf16());
        assertFalse(CpuFeatures.parse("flags : sse2 avx512f avx512_vnni\n").hasBf16());
        assertFalse(CpuFeatures.parse("no flags here\n").hasBf16());
    }

    /** Libtorch's bf16 products are oneDNN's: below AVX512_CORE_BF16 it has only reference code for them. */
    @Test
    void aOnednnIsaCapBelowBf16RulesBf16Out() {
        Set<String> zen5 = Set.of("avx2", "avx512f", "avx512_bf16");
        assertTrue(new CpuFeatures(zen5, null).hasBf16());
        assertTrue(new CpuFeatures(zen5, "avx512_core_bf16").hasBf16());
        assertTrue(new CpuFeatures(zen5, "ALL").hasBf16());
        assertFalse(new CpuFeatures(zen5, "avx2").hasBf16());
        assertFalse(new CpuFeatures(zen5, "AVX512_CORE_VNNI").hasBf16());
        List<String> warnings = new ArrayList<>();
        assertEquals(Precision.FP32, Precision.AUTO.resolve(new CpuFeatures(zen5, "AVX2"), warnings::add));
        assertEquals(List.of(), warnings);
        assertEquals(Precision.FP32, Precision.BF16.resolve(new CpuFeatures(zen5, "AVX2"), warnings::add));
        assertEquals(List.of("bf16 requested, but oneDNN is capped at AVX2 (ONEDNN_MAX_CPU_ISA), below bf16; running in fp32"),
                warnings);
    }

    @Test
    void parsesTheCliSpellings() {
        assertEquals(Precision.BF16, Precision.parse("bf16"));
        assertEquals(Precision.FP32, Precision.parse(" FP32 "));
        assertEquals(Precision.AUTO, Precision.parse("Auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertTrue(e.getMessage().contains("fp32, bf16 or auto"), e.getMessage());
    }

    @Test
    void bf16OnACpuWithoutItFallsBackToFp32WithOneWarning() {
        List<String> warnings = new ArrayList<>();
        assertEquals(Precision.FP32, Precision.BF16.resolve(NO_BF16, warnings::add));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("avx512_bf16"), warnings.get(0));
    }

    @Test
    void autoOnACpuWithoutBf16IsQuietlyFp32() {
        List<String> warnings = new ArrayList<>();
        assertEquals(Precision.FP32, Precision.AUTO.resolve(NO_BF16, warnings::add));
        assertEquals(Precision.FP32, Precision.FP32.resolve(NO_BF16, warnings::add));
        assertEquals(List.of(), warnings);
    }

    @Test
    void bf16RunsWhereTheCpuHasIt() {
        Assumptions.assumeTrue(CpuFeatures.current().hasBf16(), "this CPU has neither avx512_bf16 nor amx_bf16");
        List<String> warnings = new ArrayList<>();
        assertEquals(Precision.BF16, Precision.BF16.resolve(warnings::add));
        assertEquals(Precision.BF16, Precision.AUTO.resolve(warnings::add));
        assertEquals(List.of(), warnings);
        assertTrue(Bf16Torch.loaded());
    }
}
