package dev.tune4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DJL 0.36 aborts the JVM (std::terminate, uncatchable) when a BFLOAT16 NDArray is created or cast to.
 * No main source of any module may name that data type; bf16 weights are widened to float32 on the host.
 */
class NoBfloat16Test {

    @Test
    void noMainSourceNamesDjlsBfloat16() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("tune4j-core/pom.xml"))) {
            root = root.getParent();
        }
        assertTrue(root != null, "repository root not found");
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList();
        }
        assertTrue(sources.size() > 50, "found only " + sources.size() + " main sources");
        List<String> offenders = sources.stream().filter(p -> {
            try {
                return Files.readString(p).contains("DataType.BFLOAT16");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).map(Path::toString).toList();
        assertEquals(List.of(), offenders);
    }
}
