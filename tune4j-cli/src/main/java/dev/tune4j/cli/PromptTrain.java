package dev.tune4j.cli;

import dev.tune4j.Tune4jException;
import dev.tune4j.data.Dataset;
import dev.tune4j.prompt.PromptTuning;
import dev.tune4j.prompt.Template;
import dev.tune4j.prompt.Verbalizer;
import dev.tune4j.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code train --method prompt}: prompt-based fine-tuning with the train command's options. */
final class PromptTrain {

    private PromptTrain() {}

    static int run(TrainCommand cmd) {
        if (cmd.resume != null) {
            throw new Tune4jException("--resume is not supported with --method prompt");
        }
        Template template = cmd.template != null ? new Template(cmd.template) : Template.SENTIMENT;
        // Prompt-based fine-tuning trains every weight, as full fine-tuning does; its own defaults replace
        // those the user did not set.
        cmd.method = "full";
        TrainConfig given = cmd.config();
        cmd.method = "prompt";
        TrainConfig defaults = PromptTuning.defaults(given.toBuilder(), template).build();
        TrainConfig config = given.toBuilder()
                .epochs(cmd.epochs != null ? given.epochs() : defaults.epochs())
                .batchSize(cmd.batchSize != null ? given.batchSize() : defaults.batchSize())
                .learningRate(cmd.lr != null ? given.learningRate() : defaults.learningRate())
                .warmupRatio(cmd.warmupRatio != null ? given.warmupRatio() : defaults.warmupRatio())
                .maxLength(cmd.maxLength != null ? given.maxLength() : defaults.maxLength())
                .truncation(cmd.truncation != null ? given.truncation() : defaults.truncation())
                .build();
        Verbalizer verbalizer = Verbalizer.parse(cmd.verbalizer != null ? cmd.verbalizer : Verbalizer.SENTIMENT);
        Path dir = cmd.out != null ? cmd.out : Path.of("runs", "prompt-" + TrainCommand.safeName(cmd.data.data));
        if (Files.isDirectory(dir.resolve("model"))) {
            throw new Tune4jException(dir + " already holds a trained model; choose another --out or delete it");
        }
        Dataset data = cmd.data.limited(cmd.data.load(null), config.seed());
        PromptTuning.Run run = PromptTuning.train(config, template, verbalizer, data, dir, new ProgressBar(System.err));
        try (var classifier = run.classifier()) {
            System.out.printf(Locale.ROOT, "best epoch %d: validation accuracy %.2f%%, macro-F1 %.4f%nmodel: %s "
                    + "(classify with: tune4j prompt --model %s)%n", run.result().bestEpoch(), 100 * run.validation().accuracy(),
                    run.validation().macroF1(), dir.resolve("model"), dir.resolve("model"));
        }
        return 0;
    }
}
