package dev.tune4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * While a training run is in progress, Ctrl-C or a kill says on a fresh line what survived and how to
 * continue: every finished epoch is checkpointed under {@code runDir/checkpoint}, and {@code --resume}
 * picks up after the last one. Closing it (the run finished or failed on its own) withdraws the notice.
 */
final class InterruptNotice implements AutoCloseable {

    private final Thread hook;

    InterruptNotice(Path runDir, PrintStream err) {
        hook = new Thread(() -> err.println(System.lineSeparator() + message(runDir)), "tune4j-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static String message(Path runDir) {
        Path latest = runDir.resolve("checkpoint").resolve("latest");
        try {
            String epoch = Files.readString(latest, StandardCharsets.UTF_8).strip().replace("epoch-", "");
            String saved = epoch.equals("1") ? "epoch 1 is saved" : "epochs 1-" + epoch + " are saved";
            return "tune4j: interrupted; " + saved + ". Continue with: ./tune4j train --resume " + runDir;
        } catch (IOException e) {
            return "tune4j: interrupted before the first epoch finished; nothing was saved to resume from";
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the notice runs, which is what this case needs.
        }
    }
}
