package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tune4j --help} lists each command with the first line of its description: a whole sentence. */
class HelpTest {

    @Test
    void everyCommandSummaryIsOneCompleteShortSentence() {
        Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
        assertTrue(commands.size() >= 11, commands.keySet().toString());
        commands.forEach((name, command) -> {
            if (name.equals("help")) {
                return;
            }
            String summary = command.getCommandSpec().usageMessage().description()[0];
            assertTrue(summary.endsWith("."), name + ": '" + summary + "' is not a whole sentence");
            assertEquals(1, summary.split("\\. ").length, name + ": '" + summary + "' is more than one sentence");
            assertTrue(summary.length() <= 90, name + ": " + summary.length() + " characters, over 90");
        });
    }

    @Test
    void helpNoLongerClaimsBf16IsAbout25TimesFaster() {
        CliRunner.Result r = CliRunner.run("embed", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(!r.out().contains("2.5x") && r.out().contains("TEXT"), r.out());
    }
}
