package dev.tune4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oversized inputs, generated here (streamed, never committed) and read by a child JVM whose heap is
 * capped at {@value #HEAP}: each ends in a clear one-line error naming the file, never in an
 * OutOfMemoryError or a killed JVM.
 */
class ResourceLimitsTest {

    static final String HEAP = "-Xmx512m";

    @TempDir
    Path tmp;

    @Test
    void aTenMegabyteTextIsRefusedNamingItsLine() throws Exception {
        Path csv = tmp.resolve("ten-mb.csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("text,label\nshort,a\n\"");
            for (int i = 0; i < (10 << 20) / 5; i++) {
                out.write("word ");
            }
            out.write("\",b\n");
        }
        assertEquals("TUNE4J " + csv + ":3: a text of 10,485,760 characters in 'text' is over the limit of 1,000,000; "
                + "split it into several examples", probe("data", csv));
    }

    @Test
    void aHundredMegabyteCsvLineIsRefusedWithinTheHeap() throws Exception {
        Path csv = tmp.resolve("hundred-mb-line.csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("text,label\n");
            char[] chunk = "x".repeat(1 << 20).toCharArray();
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
            out.write(",a\n");
        }
        assertEquals("TUNE4J " + csv + ":2: a text of 104,857,600 characters in 'text' is over the limit of 1,000,000; "
                + "split it into several examples", probe("data", csv));
    }

    @Test
    void jsonNestedAHundredThousandDeepIsRefused() throws Exception {
        for (String name : List.of("deep.jsonl", "deep.json", "config.json", "value/config.json")) {
            Path file = tmp.resolve(name);
            Files.createDirectories(file.getParent());
            boolean inObject = name.equals("deep.jsonl") || name.startsWith("value/");
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(name.equals("deep.jsonl") ? "{\"text\": \"x\", \"label\": " : inObject ? "{\"hidden_size\": " : "");
                out.write("[".repeat(100_000) + "8" + "]".repeat(100_000));
                out.write(inObject ? "}\n" : "");
            }
            String result = probe(name.endsWith("config.json") ? "config" : "data", file);
            assertTrue(result.startsWith("TUNE4J " + file + ":") || result.startsWith("TUNE4J " + file + ": "), result);
        }
    }

    @Test
    void aMillionDistinctLabelsAreRefused() throws Exception {
        Path jsonl = tmp.resolve("million-labels.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write("{\"text\": \"t\", \"label\": \"l" + i + "\"}\n");
            }
        }
        assertEquals("TUNE4J " + jsonl + ": 1,000,000 distinct labels in 'label', over the limit of 10,000; "
                + "is --label-column the label?", probe("data", jsonl));
    }

    /** The child's verdict line; fails if the child died or printed anything unexpected. */
    private static String probe(String kind, Path file) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                ResourceProbe.class.getName(), kind, file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);
        System.out.println(file.getFileName() + ": " + output.strip().replace('\n', ';'));
        return output.lines().filter(l -> l.startsWith("TUNE4J ") || l.startsWith("OK ")).findFirst().orElse(output);
    }
}
