package dev.tune4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.TinyPretrained;
import dev.tune4j.Tune4jException;
import dev.tune4j.adapt.FullFineTuning;
import dev.tune4j.data.Split;
import dev.tune4j.data.Splits;
import dev.tune4j.infer.Pooling;
import dev.tune4j.tokenize.Truncation;
import dev.tune4j.train.ClassifierTrainer;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierModelTest {

    @TempDir
    Path tmp;

    @Test
    void savedModelReloadsPredictsIdenticallyAndDetectsCorruption() throws Exception {
        Path pretrained = TinyPretrained.write(tmp.resolve("tiny"));
        Split split = Splits.stratified(TinyPretrained.sentiment(80, 2), 0.25, 42);
        TrainConfig config = TrainConfig.builder(new FullFineTuning()).model(pretrained.toString()).epochs(1)
                .maxLength(32).batchSize(16).pooling(Pooling.MEAN).cacheFeatures(false).build();
        Path saved = tmp.resolve("run/model");
        float[][] before;
        try (ClassifierModel model = ClassifierModel.fromPretrained(pretrained, config.head(2), split.train().labelMap(),
                32, Truncation.HEAD, 42)) {
            new ClassifierTrainer(config, TrainingListener.SILENT).fit(model, split.train(), split.val(), tmp.resolve("run"), false);
            before = model.predictProba(split.val().texts());
            model.save(saved, "tiny");
        }
        try (ClassifierModel loaded = ClassifierModel.load(saved)) {
            assertEquals(HeadConfig.Kind.MLP, loaded.head().kind());
            assertEquals(Pooling.MEAN, loaded.head().pooling());
            assertEquals(32, loaded.tokenizerOptions().maxLength());
            float[][] after = loaded.predictProba(split.val().texts());
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], 1e-6f);
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(saved.resolve("model.safetensors").toFile(), "rw")) {
            raf.seek(raf.length() - 10);
            raf.write(0x7f);
        }
        Tune4jException e = assertThrows(Tune4jException.class, () -> ClassifierModel.load(saved));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }
}
