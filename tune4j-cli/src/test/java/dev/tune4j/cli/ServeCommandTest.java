package dev.tune4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.TinyPretrained;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tune4j serve} as a user runs it: a separate JVM, a real port, SIGTERM to stop, exit code 0. */
class ServeCommandTest {

    @TempDir
    static Path tmp;

    @Test
    void servesUntilSigtermThenExitsZero() throws Exception {
        Path model = TinyPretrained.write(tmp.resolve("tiny-bert"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-DOPT_OUT_TRACKING=true", "-DDJL_OFFLINE=true", "dev.tune4j.cli.Main", "serve",
                "--model", "tiny=" + model, "--port", "0", "--dtype", "fp32"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/").matcher(String.valueOf(line));
            assertTrue(m.find(), "first line: " + line);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + m.group(1) + "/embed"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": \"great movie\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            p.toHandle().destroy(); // SIGTERM, leaving our end of its stdout open
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped within a minute");
            assertEquals(0, p.exitValue());
            assertEquals("tune4j: stopped", out.readLine());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRunner.Result r = CliRunner.run("serve", "--model", tmp.resolve("missing").toString(), "--port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.exitCode());
            assertTrue(r.err().startsWith("tune4j: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    && r.err().strip().lines().count() == 1, r.err());
        }
    }

    @Test
    void aModelThatCannotLoadIsOneLineAndExitCodeOne() {
        CliRunner.Result r = CliRunner.run("serve", "--model", tmp.resolve("missing").toString(), "--port", "0");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("tune4j: ") && r.err().strip().lines().count() == 1, r.err());
    }
}
