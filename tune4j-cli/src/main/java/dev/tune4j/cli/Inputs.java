package dev.tune4j.cli;

import dev.tune4j.Tune4jException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Texts from the command line, else one per line from standard input. */
final class Inputs {

    private Inputs() {}

    static List<String> argsOrStdin(List<String> args) {
        if (args != null && !args.isEmpty()) {
            return args;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, decoder))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new Tune4jException("standard input, line " + (lines.size() + 1) + ": " + e.getMessage()
                    + " (expected UTF-8 text, one input per line)", e);
        }
        return lines;
    }
}
