package dev.tune4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command in-process with captured output, as the launcher would run it. */
final class CliRunner {

    record Result(int exitCode, String out, String err) {}

    private CliRunner() {}

    static Result run(String... args) {
        dev.tune4j.engine.Offline.ensure();
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
