package dev.tune4j.cli;

import dev.tune4j.Tune4jHome;
import dev.tune4j.hub.ModelHub;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model catalogue and what is cached under " + "$TUNE4J_HOME (default ~/.cache/tune4j).")
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-30s %-8s %s%n", "NAME", "CACHED", "SOURCE (Maven Central)");
        for (ModelHub.Status s : ModelHub.list()) {
            out.printf("%-30s %-8s %s%n", s.entry().name(), s.cached() ? "yes" : "no", s.entry().coordinates());
        }
        out.println();
        out.println("Cache: " + Tune4jHome.models());
        out.println("Any Hugging Face BERT directory (config.json, model.safetensors, vocab.txt or tokenizer.json) also works "
                + "as --model DIR;");
        out.println("embed and similar pool a sentence-transformers directory as its modules.json says.");
        out.flush();
        return 0;
    }
}
