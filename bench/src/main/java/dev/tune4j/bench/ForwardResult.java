package dev.tune4j.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** What {@link ForwardBench} measured, as a readable report and as the JSON that run-forward.sh reads. */
record ForwardResult(String model, Path dir, int batch, int seq, boolean firstToken, int warmup, int threads, Timings forward, Timings cpu, Timings gemm,
                     double gflopPerSeq, double outMeanAbs) {

    /** From the median forward pass. */
    double seqPerS() {
        return batch / (forward.median() / 1e3);
    }

    double gemmGflops() {
        return GemmRate.gflops(gemm.median());
    }

    double forwardGflops() {
        return gflopPerSeq * seqPerS();
    }

    void print(PrintStream out, double loadSeconds) {
        out.printf(Locale.ROOT, "tune4j forward%s: %s, batch %d x %d tokens, fp32, %d threads, load %.1f s%n",
                firstToken ? " (last layer at position 0 alone)" : "", model, batch, seq, threads, loadSeconds);
        out.printf(Locale.ROOT, "  forward  %.1f ms/batch median (min %.1f, %d iters after %d warm-up) = %.2f seq/s%n",
                forward.median(), forward.min(), forward.millis().length, warmup, seqPerS());
        out.printf(Locale.ROOT, "  GEMM     %dx%d . %dx%d: %.2f ms median of %d = %.1f GFLOP/s%n",
                GemmRate.M, GemmRate.K, GemmRate.K, GemmRate.N, gemm.median(), gemm.millis().length, gemmGflops());
        out.printf(Locale.ROOT, "  forward  %.2f GFLOP/seq x %.2f seq/s = %.1f GFLOP/s = %.0f%% of GEMM; output mean |x| %.6f%n",
                gflopPerSeq, seqPerS(), forwardGflops(), 100 * forwardGflops() / gemmGflops(), outMeanAbs);
    }

    String json() {
        return String.format(Locale.ROOT, "{\"impl\": \"tune4j\", \"model_dir\": \"%s\", \"batch\": %d, \"seq\": %d, \"first_token\": %b, \"threads\": %d, "
                        + "\"ms_per_batch\": %.2f, \"ms_per_batch_min\": %.2f, \"seq_per_s\": %.4f, "
                        + "\"gemm_gflops\": %.2f, \"gflop_per_seq\": %.4f, \"forward_gflops\": %.2f, "
                        + "\"forward_of_gemm\": %.4f, \"out_mean_abs\": %.6f, \"cpu_ms_per_batch\": %.2f, \"ms_all\": %s}",
                dir.toString().replace("\\", "\\\\").replace("\"", "\\\""), batch, seq, firstToken, threads, forward.median(), forward.min(), seqPerS(), gemmGflops(), gflopPerSeq,
                forwardGflops(), forwardGflops() / gemmGflops(), outMeanAbs, cpu.median(),
                Arrays.toString(rounded(forward.millis())));
    }

    private static double[] rounded(double[] ms) {
        return Arrays.stream(ms).map(m -> Math.round(m * 100) / 100.0).toArray();
    }
}
