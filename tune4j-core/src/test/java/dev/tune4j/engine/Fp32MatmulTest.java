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
    void theSwitchIsOnWhereTheCpuHasNoAmx() {
        CpuFeatures cpu = CpuFeatures.current();
        // On other CPUs oneDNN's choice is whatever the self-test allows.
        Assumptions.assumeTrue(cpu.flags().contains("avx512f") && !cpu.flags().contains("amx_bf16"),
                "this CPU lacks AVX-512 or has AMX");
        assertEquals("onednn", Fp32Matmul.backend());
    }
}
