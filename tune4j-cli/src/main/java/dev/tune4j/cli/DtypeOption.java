package dev.tune4j.cli;

import dev.tune4j.engine.Precision;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** {@code --dtype}: the number format of the encoder's inference compute. */
final class DtypeOption {

    @Option(names = "--dtype", defaultValue = "fp32", paramLabel = "fp32|bf16|auto",
            description = "Encoder compute: fp32, bf16 (AVX512-BF16/AMX CPUs; a 1.7x faster forward than fp32 on Zen 5, "
                    + "bench/BF16.md; outputs within bf16 rounding of fp32), or auto = bf16 where the CPU supports it "
                    + "(default: ${DEFAULT-VALUE}).")
    Precision dtype;

    /** Applies the option to a loaded model through its {@code runIn}; warnings go to stderr as one line each. */
    Precision apply(BiFunction<Precision, Consumer<String>, Precision> runIn) {
        return runIn.apply(dtype, line -> System.err.println("tune4j: " + line));
    }
}
