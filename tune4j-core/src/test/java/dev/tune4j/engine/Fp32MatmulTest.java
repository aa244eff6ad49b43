package dev.tune4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Fp32MatmulTest {

    @Test
    void fp32ProductsStayFp32ExactWhicheverKernelsWereChosen() {
        Torch.engine();
        try (NDManager manager = Torch.newManager()) {
            double error = Fp32Matmul.relativeError(manager);
            assertTrue(error < Fp32Matmul.FP32_EXACT, "relative error " + error + " with " + Fp32Matmul.backend());
        }
    }

    @Test
    void theSwitchIsOnWhereTheCpuHasBf16ButNoAmx() {
        CpuFeatures cpu = CpuFeatures.current();
        // With AMX oneDNN's choice is whatever the self-test allows.
        Assumptions.assumeTrue(cpu.hasBf16() && !cpu.flags().contains("amx_bf16"), "this CPU lacks AVX512-BF16 or has AMX");
        assertEquals("onednn", Fp32Matmul.backend());
    }

    /** Without bf16 hardware libtorch keeps MKL's sgemm whatever the setting, and the record must say so. */
    @Test
    void withoutBf16TheDefaultKernelsAreRecorded() {
        Assumptions.assumeFalse(CpuFeatures.current().hasBf16(), "this CPU has bf16 (run with ONEDNN_MAX_CPU_ISA=AVX2)");
        assertEquals("default", Fp32Matmul.backend());
    }
}
