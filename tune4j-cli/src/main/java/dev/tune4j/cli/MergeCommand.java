package dev.tune4j.cli;

import dev.tune4j.Classifier;
import dev.tune4j.Tune4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Write a standalone model from an adapter or LoRA run.",
                "LoRA is folded into the base weights (no extra cost at prediction); Houlsby adapters are kept, with every",
                "weight. Reads adapter-only checkpoints."})
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, description = "A trained model directory, e.g. runs/NAME/model.")
    Path model;

    @Option(names = "--out", required = true, description = "Directory for the standalone model (must not exist).")
    Path out;

    @Override
    public Integer call() {
        if (Files.exists(out)) {
            throw new Tune4jException(out + " already exists; choose another --out or delete it");
        }
        Classifier.merge(model, out);
        spec.commandLine().getOut().println("standalone model written to " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
