package dev.tune4j.engine;

import com.sun.jna.NativeLibrary;
import java.io.IOException;

/**
 * Keeps libtorch's C++ warnings off the user's terminal. DJL's JNI trips one deprecation note
 * ("AutoNonVariableTypeMode is deprecated ...") in the middle of every training run's output; it is about
 * DJL's code, and a user can do nothing with it. libtorch prints C++ log lines at or above
 * {@code FLAGS_caffe2_log_level} (0 info, 1 warning, 2 error); we raise it to errors, unless the user set
 * {@code TORCH_CPP_LOG_LEVEL}, which libtorch then reads as usual.
 */
final class TorchLogging {

    private static final int ERROR = 2;

    private TorchLogging() {}

    static void quiet() {
        try {
            NativeLibrary c10 = NativeLibraries.loaded("libc10.so");
            if (System.getenv("TORCH_CPP_LOG_LEVEL") != null) {
                c10.getFunction("_ZN3c1011initLoggingEv").invokeVoid(new Object[0]);
            } else {
                c10.getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, ERROR);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // Without the symbol the warnings stay visible; nothing else changes.
        }
    }
}
