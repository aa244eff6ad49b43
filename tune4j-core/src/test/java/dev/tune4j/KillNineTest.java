package dev.tune4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: a real child JVM ({@link KillableTraining}) trains a tiny model and is
 * killed with SIGKILL again and again, each time continued with {@code resume}, until the run finishes;
 * every finished run must equal an uninterrupted one bit for bit (weights, best checkpoint, and
 * metrics.json but for its wall-clock seconds). Writes pause 40 ms before their fsync and rename
 * ({@code tune4j.test.writePauseMillis}) so that kills land inside checkpoint writes and feature appends.
 *
 * <p>{@code -Dtune4j.killPoints=20} runs the full 20-kill version (a few minutes); the default is 3.
 */
class KillNineTest {

    private static final int KILL_POINTS = Integer.getInteger("tune4j.killPoints", 3);

    @TempDir
    Path tmp;

    @Test
    void everyKilledRunResumesToTheUninterruptedResult() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("model"));
        Path reference = tmp.resolve("reference");
        Child straight = Child.start(model, reference, tmp.resolve("home-reference"), "train", 40);
        assertEquals(0, straight.waitDone(), straight.output());
        // Kills fall uniformly between the first phase (feature extraction) and the end of training.
        long window = Math.max(1, straight.millisTo(" DONE") - straight.millisTo(" PHASE "));
        // The first kill of every other run falls inside feature extraction (computing and appending to the cache).
        long features = Math.max(1, straight.millisTo(" PHASE epoch 1/") - straight.millisTo(" PHASE features"));
        System.out.println("kill -9: uninterrupted run, from its first phase to DONE " + window + " ms:\n" + straight.output());

        Random random = new Random(20261205);
        Map<String, Integer> landed = new TreeMap<>();
        int kills = 0;
        int runs = 0;
        while (kills < KILL_POINTS) {
            runs++;
            Path run = tmp.resolve("run-" + runs);
            Path home = tmp.resolve("home-" + runs);
            String mode = "train";
            while (true) {
                Child child = Child.start(model, run, home, mode, 40);
                boolean first = mode.equals("train");
                mode = "resume";
                if (kills >= KILL_POINTS || !child.awaitFirstPhase()) {
                    assertEquals(0, child.waitDone(), child.output());
                    break;
                }
                Thread.sleep((long) (random.nextDouble() * (first && runs % 2 == 1 ? features : window)));
                if (!child.process.isAlive()) {
                    assertEquals(0, child.waitDone(), child.output());
                    break;
                }
                child.process.destroyForcibly(); // SIGKILL on Linux
                child.process.waitFor();
                kills++;
                landed.merge(where(child, run, home), 1, Integer::sum);
            }
            assertSameResult(reference, run);
        }
        System.out.printf("kill -9: %d kills over %d runs, every run bit-identical after resume; kills landed: %s%n",
                kills, runs, landed);
        assertEquals(KILL_POINTS, kills);
    }

    /** What the child was doing when it died: a write in progress, else its last phase marker. */
    private static String where(Child child, Path run, Path home) throws IOException {
        boolean partial = false;
        for (Path root : List.of(run, home)) {
            if (Files.exists(root)) {
                try (Stream<Path> paths = Files.walk(root)) {
                    partial |= paths.anyMatch(p -> p.getFileName().toString().contains(".partial"));
                }
            }
        }
        Path features = home.resolve("features");
        boolean tornFeatures = false;
        if (Files.isDirectory(features)) {
            try (Stream<Path> files = Files.list(features)) {
                for (Path f : files.toList()) {
                    tornFeatures |= (Files.size(f) - 8) % (32 + 4 * 32 + 4) != 0;
                }
            }
        }
        String phase = child.lastMarker();
        return tornFeatures ? "torn feature append" : partial ? "file write (" + phase + ")" : phase;
    }

    private static void assertSameResult(Path expected, Path actual) throws IOException {
        for (String file : List.of("model/model.safetensors", "checkpoint/best.safetensors")) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file)), file);
        }
        assertEquals(withoutSeconds(expected.resolve("metrics.json")), withoutSeconds(actual.resolve("metrics.json")));
    }

    private static JsonElement withoutSeconds(Path metrics) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
        o.getAsJsonArray("epochs").forEach(e -> e.getAsJsonObject().remove("seconds"));
        return o;
    }

    /** A child JVM and the marker lines it printed, with when each arrived. */
    private record Child(Process process, List<String> lines, long started) {

        static Child start(Path model, Path run, Path home, String mode, long writePauseMillis) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dtune4j.home=" + home, "-Dtune4j.test.writePauseMillis=" + writePauseMillis,
                    "-DOPT_OUT_TRACKING=true", "-DDJL_OFFLINE=true", "-Dai.djl.offline=true",
                    "-cp", System.getProperty("java.class.path"), KillableTraining.class.getName(),
                    model.toString(), run.toString(), mode));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Child child = new Child(process, new CopyOnWriteArrayList<>(), System.nanoTime());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        child.lines.add((System.nanoTime() - child.started) / 1_000_000 + " " + line);
                    }
                } catch (IOException ignored) {
                    // The child died; its lines so far are kept.
                }
            });
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        /** Waits until training code runs (the first phase starts); false if the child ended first. */
        boolean awaitFirstPhase() throws InterruptedException {
            while (process.isAlive()) {
                if (lines.stream().anyMatch(l -> l.contains(" PHASE ") || l.contains(" EPOCH "))) {
                    return true;
                }
                Thread.sleep(5);
            }
            return false;
        }

        long millisTo(String marker) {
            return lines.stream().filter(l -> l.contains(marker)).findFirst()
                    .map(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).orElse(0L);
        }

        int waitDone() throws InterruptedException {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            Thread.sleep(50); // let the reader take the last lines
            return lines.stream().anyMatch(l -> l.endsWith(" DONE")) ? process.exitValue() : -2;
        }

        String lastMarker() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                String text = l.substring(l.indexOf(' ') + 1);
                if (text.startsWith("PHASE ") || text.startsWith("EPOCH ")) {
                    return text.startsWith("EPOCH ") ? "after epoch " + text.substring(6) : "phase " + text.substring(6);
                }
            }
            return "before training";
        }

        String output() {
            return String.join("\n", lines);
        }
    }
}
