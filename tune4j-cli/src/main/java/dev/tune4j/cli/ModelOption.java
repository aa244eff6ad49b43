package dev.tune4j.cli;

import dev.tune4j.hub.ModelHub;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}: a catalogue name (see {@code tune4j models}) or a Hugging Face model directory. */
final class ModelOption {

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME|DIR",
            description = "Catalogue name (e.g. bert-base-uncased) or a Hugging Face model directory.")
    String model;

    /** Resolves to a local directory, converting and caching a catalogue model on first use. */
    Path resolve() {
        return ModelHub.resolve(model, line -> System.err.println("tune4j: " + line));
    }
}
