package dev.tune4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Fp32MatmulTest {

    @Test
    void fp32ProductsStayFp32ExactWhicheverKernelsWereChosen() {
        Torch.engine();
        assertTrue(Set.of("onednn", "default").contains(Fp32Matmul.backend()), Fp32Matmul.backend());
        try (NDManager manager = Torch.newManager()) {
            double error = Fp32Matmul.relativeError(manager);
            assertTrue(error < Fp32Matmul.FP32_EXACT, "relative error " + error + " with " + Fp32Matmul.backend());
        }
    }

    @Test
    void theSwitchIsOnWhereTheCpuHasNoAmx() {
        CpuFeatures cpu = CpuFeatures.current();
        if (!cpu.flags().contains("avx512f") || cpu.flags().contains("amx_bf16")) {
            return; // oneDNN's choice on other CPUs is whatever the self-test allows.
        }
        assertEquals("onednn", Fp32Matmul.backend());
    }
}
