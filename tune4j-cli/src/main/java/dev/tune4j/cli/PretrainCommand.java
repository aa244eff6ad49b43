package dev.tune4j.cli;

import dev.tune4j.Tune4jException;
import dev.tune4j.config.BertConfig;
import dev.tune4j.data.DataOptions;
import dev.tune4j.data.DataReader;
import dev.tune4j.data.Imdb;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.mlm.MlmConfig;
import dev.tune4j.mlm.MlmModel;
import dev.tune4j.mlm.MlmTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Masked-language-model pretraining on unlabelled text.",
                "From scratch (--config) or continued from a checkpoint (--model; domain-adaptive pretraining). Writes a",
                "model directory that train, fill-mask and prompt accept as --model."})
final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE|imdb",
            description = "Plain text (one document per line), CSV/TSV/JSONL/JSON (the text column), or 'imdb' (its reviews).")
    String data;

    @Option(names = "--text-column", defaultValue = "text", description = "Column with the text (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR", description = "Checkpoint to continue from; with --config, only its tokenizer is used.")
    String model;

    @Option(names = "--config", paramLabel = "FILE", description = "A BERT config.json: pretrain from scratch (random init, N(0, initializer_range)).")
    Path config;

    @Option(names = "--vocab", paramLabel = "FILE", description = "vocab.txt for --config without --model (lower-cased WordPiece).")
    Path vocab;

    @Option(names = "--out", required = true, description = "Model directory to write.")
    Path out;

    @Option(names = "--epochs", defaultValue = "1") int epochs;
    @Option(names = "--batch-size", defaultValue = "32") int batchSize;
    @Option(names = "--micro-batch-size", defaultValue = "0", description = "Sequences per forward/backward pass (0: the batch).") int microBatch;
    @Option(names = "--lr", defaultValue = "5e-5") float lr;
    @Option(names = "--max-length", defaultValue = "128", description = "Tokens per packed sequence (default: ${DEFAULT-VALUE}).") int maxLength;
    @Option(names = "--mask-prob", defaultValue = "0.15", description = "Share of tokens to predict (default: ${DEFAULT-VALUE}).") float maskProb;
    @Option(names = "--whole-word-mask", description = "Mask all pieces of a word together.") boolean wholeWord;
    @Option(names = "--limit", paramLabel = "N", description = "Use a seeded sample of N documents.") Integer limit;
    @Option(names = "--val-fraction", defaultValue = "0.05", description = "Documents held out for the MLM loss (default: ${DEFAULT-VALUE}).") float valFraction;
    @Option(names = "--seed", defaultValue = "42") long seed;

    @Override
    public Integer call() {
        if (Files.isDirectory(out) && Files.isRegularFile(out.resolve("model.safetensors"))) {
            throw new Tune4jException(out + " already holds a model; choose another --out or delete it");
        }
        MlmConfig mlm = MlmConfig.DEFAULTS.withEpochs(epochs).withBatch(batchSize, microBatch).withLearningRate(lr)
                .withMasking(maxLength, maskProb, wholeWord).withSplit(valFraction, seed);
        ProgressBar progress = new ProgressBar(System.err);
        List<String> documents = documents();
        String base;
        try (MlmModel m = model(progress)) {
            base = config != null ? "scratch:" + config.getFileName() : model;
            MlmTrainer.Result result = new MlmTrainer(mlm, progress).fit(m, documents);
            var extra = mlm.toJson();
            extra.addProperty("base_model", base);
            extra.addProperty("heldout_loss_before", result.before().valLoss());
            extra.addProperty("heldout_loss_after", result.last().valLoss());
            m.save(out, base, wrap(extra));
            System.out.printf(Locale.ROOT, "held-out MLM loss %.4f -> %.4f (perplexity %.2f -> %.2f); model written to %s%n",
                    result.before().valLoss(), result.last().valLoss(), result.before().valPerplexity(),
                    result.last().valPerplexity(), out);
        }
        return 0;
    }

    private static com.google.gson.JsonObject wrap(com.google.gson.JsonObject pretraining) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.add("pretraining", pretraining);
        return o;
    }

    private MlmModel model(ProgressBar progress) {
        if (config == null) {
            if (model == null) {
                throw new Tune4jException("give --model to continue pretraining, or --config (with --vocab or --model) to start from scratch");
            }
            return MlmModel.load(ModelHub.resolve(model, progress::log));
        }
        if ((model == null) == (vocab == null)) {
            throw new Tune4jException("--config needs a tokenizer: give exactly one of --vocab FILE or --model NAME|DIR");
        }
        Path tokenizer = vocab != null ? vocab : ModelHub.resolve(model, progress::log);
        return MlmModel.fromScratch(BertConfig.read(config), tokenizer, seed);
    }

    private List<String> documents() {
        List<String> docs;
        if (data.equalsIgnoreCase(Imdb.SOURCE)) {
            docs = Imdb.load(line -> System.err.println("tune4j: " + line)).texts();
        } else {
            docs = DataReader.readTexts(Path.of(data), DataOptions.defaults().withTextColumn(textColumn));
        }
        if (limit != null && limit < docs.size()) {
            List<String> shuffled = new ArrayList<>(docs);
            Collections.shuffle(shuffled, new Random(seed));
            docs = shuffled.subList(0, limit);
        }
        return docs;
    }
}
