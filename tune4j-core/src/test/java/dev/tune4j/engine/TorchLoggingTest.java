package dev.tune4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TorchLoggingTest {

    @Test
    void libtorchPrintsOnlyErrorsUnlessTheUserAskedOtherwise() throws Exception {
        Assumptions.assumeTrue(System.getenv("TORCH_CPP_LOG_LEVEL") == null, "TORCH_CPP_LOG_LEVEL is set");
        Torch.engine();
        assertEquals(2, NativeLibraries.loaded("libc10.so").getGlobalVariableAddress("FLAGS_caffe2_log_level").getInt(0));
    }
}
