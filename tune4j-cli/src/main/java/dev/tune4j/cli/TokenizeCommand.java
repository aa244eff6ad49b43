package dev.tune4j.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.tune4j.tokenize.BertTokenizer;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.tokenize.Padding;
import dev.tune4j.tokenize.TokenizerOptions;
import dev.tune4j.tokenize.Truncation;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = {"WordPiece token ids of each line of stdin.", "Prints {\"input_ids\":[…]} per line."})
final class TokenizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--max-length", defaultValue = "0", description = "Truncate to this many tokens, specials included (0: no truncation).")
    int maxLength;

    @Option(names = "--truncation", defaultValue = "head", converter = TruncationConverter.class,
            description = "Which tokens to keep: head, tail or head+tail (default: ${DEFAULT-VALUE}).")
    Truncation truncation;

    @Option(names = "--json", description = "JSON output (the default; kept for symmetry with other commands).")
    boolean json;

    @Option(names = "--tokens", description = "Also print the word pieces.")
    boolean tokens;

    @Override
    public Integer call() {
        List<String> lines = Inputs.argsOrStdin(List.of());
        PrintWriter out = spec.commandLine().getOut();
        TokenizerOptions options = new TokenizerOptions(maxLength, truncation, Padding.NONE);
        Gson gson = new Gson();
        try (BertTokenizer tokenizer = BertTokenizer.fromDirectory(model.resolve(), options)) {
            for (Encoding e : tokenizer.encodeAll(lines)) {
                JsonObject o = new JsonObject();
                o.add("input_ids", gson.toJsonTree(e.inputIds()));
                if (tokens) {
                    o.add("tokens", gson.toJsonTree(tokenizer.tokens(e.inputIds())));
                }
                out.println(gson.toJson(o));
            }
        }
        out.flush();
        return 0;
    }
}
