package dev.tune4j.prompt;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.AtomicFiles;
import dev.tune4j.Tune4jException;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Split;
import dev.tune4j.data.Splits;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.mlm.MlmModel;
import dev.tune4j.train.EpochMetrics;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainResult;
import dev.tune4j.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * The front door of prompt-based fine-tuning: split, train through the MLM head, and write
 * {@code runDir/model} (a masked-LM directory that records its template and verbalizer, so
 * {@code tune4j prompt --model runDir/model} classifies with it), {@code metrics.json} and
 * {@code split.json}.
 */
public final class PromptTuning {

    /** A finished run; {@code classifier} holds the best epoch's weights and must be closed. */
    public record Run(Path dir, TrainResult result, ClassificationMetrics validation, Split split, ClozeClassifier classifier) {}

    /**
     * How {@code prompt --model runDir/model} calibrates by default. Measured on development reviews after
     * 32-shot tuning (bench/RESULTS.md).
     */
    public static final Calibration.Mode CALIBRATION = Calibration.Mode.CONTENT_FREE;

    /** Few-shot defaults, chosen on IMDB development reviews at 32 examples (bench/RESULTS.md). */
    public static final int EPOCHS = 10;
    public static final int BATCH_SIZE = 8;
    public static final float LEARNING_RATE = 1e-5f;
    public static final float WARMUP_RATIO = 0f;
    public static final int MAX_LENGTH = 128;

    private PromptTuning() {}

    /**
     * The defaults of prompt-based fine-tuning on top of {@code b} (the full technique's): LM-BFF's batch and rate
     * with more epochs than full fine-tuning's three, since a few-shot epoch is a handful of steps, and the text
     * cut next to the template's mask.
     */
    public static TrainConfig.Builder defaults(TrainConfig.Builder b, Template template) {
        return b.epochs(EPOCHS).batchSize(BATCH_SIZE).learningRate(LEARNING_RATE).warmupRatio(WARMUP_RATIO)
                .maxLength(MAX_LENGTH).truncation(ClozeClassifier.adjacentTo(template));
    }

    public static Run train(TrainConfig config, Template template, Verbalizer verbalizer, Dataset data, Path runDir,
                            TrainingListener listener) {
        if (data.multiLabel()) {
            throw new Tune4jException(data.source() + ": prompt-based fine-tuning is single-label");
        }
        Split split = Splits.stratified(data, config.valFraction(), config.seed());
        listener.log(String.format("data: %s, %d examples -> %d train / %d validation (stratified, seed %d)",
                data.source(), data.size(), split.train().size(), split.val().size(), config.seed()));
        Path base = ModelHub.resolve(config.model(), listener::log);
        ClozeClassifier cloze = new ClozeClassifier(MlmModel.load(base), template, verbalizer, data.labelMap(),
                config.maxLength(), config.truncation());
        try {
            TrainResult result = new PromptTrainer(config, listener).fit(cloze, split.train(), split.val());
            int[] gold = IntStream.range(0, split.val().size()).map(i -> cloze.labels().id(
                    split.val().labelMap().name(split.val().label(i)))).toArray();
            ClassificationMetrics validation = ClassificationMetrics.compute(gold, result.validation().probs(),
                    cloze.labels().names());
            JsonObject extra = new JsonObject();
            extra.add("prompt", cloze.toJson(CALIBRATION));
            extra.add("train", config.toJson());
            extra.addProperty("base_model", config.model());
            cloze.model().save(runDir.resolve("model"), config.model(), extra);
            write(runDir.resolve("metrics.json"), metrics(result, validation));
            JsonObject rows = new JsonObject();
            rows.add("train_rows", new GsonBuilder().create().toJsonTree(split.train().rowIds()));
            rows.add("validation_rows", new GsonBuilder().create().toJsonTree(split.val().rowIds()));
            write(runDir.resolve("split.json"), rows);
            return new Run(runDir, result, validation, split, cloze);
        } catch (RuntimeException e) {
            cloze.close();
            throw e;
        }
    }

    private static JsonObject metrics(TrainResult result, ClassificationMetrics validation) {
        JsonObject o = new JsonObject();
        JsonArray epochs = new JsonArray();
        for (EpochMetrics m : result.epochs()) {
            epochs.add(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJsonTree(m));
        }
        o.add("epochs", epochs);
        o.addProperty("best_epoch", result.bestEpoch());
        o.addProperty("method", "prompt");
        o.add("validation", validation.toJson());
        return o;
    }

    private static void write(Path file, JsonObject json) {
        try {
            AtomicFiles.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                    .toJson(json) + "\n");
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
