package dev.tune4j.checkpoint;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tune4j.FuzzSeeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes CheckpointFuzzTest's seeds (run with -Dtune4j.writeFuzzSeeds=true); skipped otherwise. */
class CheckpointFuzzSeeds {

    @Test
    void write(@TempDir Path tmp) throws Exception {
        assumeTrue(FuzzSeeds.enabled(), "writes the fuzz corpus only when asked");
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("a/kernel", HostTensor.ofFloats(new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        t.put("a/bias", HostTensor.ofFloats(new long[] {2}, new float[] {5, 6}));
        Path st = tmp.resolve("m.safetensors");
        Safetensors.write(st, t, Map.of("format", "pt"));
        FuzzSeeds.write(CheckpointFuzzTest.class, "safetensors", "two-tensors", Files.readAllBytes(st));
        Path index = TensorBundleWriter.write(tmp, "variables", t);
        FuzzSeeds.write(CheckpointFuzzTest.class, "tensorBundleIndex", "two-tensors", Files.readAllBytes(index));
        Path data = Path.of("src/test/resources/dev/tune4j/checkpoint/fuzz-bundle.data");
        Files.copy(tmp.resolve("variables.data-00000-of-00001"), data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
