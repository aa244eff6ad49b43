package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptNoticeTest {

    @TempDir
    Path tmp;

    @Test
    void saysWhatSurvivedAndHowToContinue() throws Exception {
        Path run = tmp.resolve("runs/full");
        assertEquals("tune4j: interrupted before the first epoch finished; nothing was saved to resume from",
                InterruptNotice.message(run));
        Files.createDirectories(run.resolve("checkpoint"));
        Files.writeString(run.resolve("checkpoint/latest"), "epoch-1");
        assertEquals("tune4j: interrupted; epoch 1 is saved. Continue with: ./tune4j train --resume " + run,
                InterruptNotice.message(run));
        Files.writeString(run.resolve("checkpoint/latest"), "epoch-3");
        assertEquals("tune4j: interrupted; epochs 1-3 are saved. Continue with: ./tune4j train --resume " + run,
                InterruptNotice.message(run));
    }
}
