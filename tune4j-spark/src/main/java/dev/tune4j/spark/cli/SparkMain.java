package dev.tune4j.spark.cli;

import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Offline;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tune4j spark <command>}: the launcher runs this from the spark module's own jar and class path, so the
 * other commands neither load nor build against Spark. Also the main class for {@code spark-submit}.
 */
@Command(name = "tune4j spark", mixinStandardHelpOptions = true, version = "tune4j 0.1.0",
        description = "Score, embed and train on Apache Spark (in-process for local[*], or a cluster through spark-submit).",
        subcommands = {SparkPredictCommand.class, SparkEmbedCommand.class, SparkTrainCommand.class,
                CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        Offline.ensure();
        // Before any Spark class logs: the CLI's quiet configuration, unless the user or cluster set one.
        if (System.getProperty("log4j2.configurationFile") == null && System.getenv("SPARK_CONF_DIR") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:tune4j-spark-log4j2.properties");
        }
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable user = userError(e);
            if (user != null) {
                commandLine.getErr().println("tune4j: " + user.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }

    /** A user mistake anywhere in the cause chain (Spark wraps what a task threw), or null. */
    static Throwable userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Tune4jException || t instanceof IllegalArgumentException) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
