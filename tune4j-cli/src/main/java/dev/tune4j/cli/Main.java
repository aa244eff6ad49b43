package dev.tune4j.cli;

import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Offline;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code tune4j <command>}. */
@Command(name = "tune4j", mixinStandardHelpOptions = true, version = "tune4j 0.1.0",
        description = "Adapt pretrained BERT models to your tasks, on the JVM.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
                MergeCommand.class, PretrainCommand.class, PromptCommand.class,
                FillMaskCommand.class, TokenizeCommand.class, EmbedCommand.class, SimilarCommand.class, ServeCommand.class,
                ModelsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code; tests call this with captured streams. */
    public static int run(String... args) {
        // Before any DJL class loads: no telemetry, no downloads.
        Offline.ensure();
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof Tune4jException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("tune4j: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
