package dev.tune4j.cli;

import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Precision;
import dev.tune4j.serve.InferenceServer;
import dev.tune4j.serve.ModelSpec;
import dev.tune4j.serve.ServeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve models over HTTP: Hugging Face TEI's API, OpenAI embeddings, a web page.",
                "Routes: /embed, /predict, /tokenize, /info, /health, /metrics (TEI's), /v1/embeddings and /v1/models "
                + "(OpenAI's), / (the page). Requests from all clients are batched dynamically. SIGTERM or Ctrl-C "
                + "stops gracefully: requests in flight are answered, then the server exits 0."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "[NAME=]NAME|DIR",
            description = "A catalogue model or Hugging Face directory (served for /embed), or a trained classifier's "
                    + "run or model directory (served for /predict). Repeat with NAME=DIR to serve several; the first "
                    + "answers the unprefixed routes, each answers under /NAME/.")
    List<String> models;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServeConfig.LOOPBACK,
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--max-batch-tokens", paramLabel = "N", defaultValue = "16384",
            description = "Padded tokens (rows x longest row) per forward (default: ${DEFAULT-VALUE}).")
    int maxBatchTokens;

    @Option(names = "--max-batch-requests", paramLabel = "N", defaultValue = "0",
            description = "Inputs per forward, 0 for no limit but --max-batch-tokens; 1 turns batching off "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxBatchRequests;

    @Option(names = "--max-concurrent-requests", paramLabel = "N", defaultValue = "512",
            description = "Inputs admitted at once; past it requests are answered 429 at once (default: ${DEFAULT-VALUE}).")
    int maxConcurrentRequests;

    @Option(names = "--max-queue-seconds", paramLabel = "S", defaultValue = "0",
            description = "A model admits no more inputs than its forwards get through in S seconds (its measured rate "
                    + "x S), so a burst's line is gone S seconds after it; 0: only --max-concurrent-requests, as TEI "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxQueueSeconds;

    @Option(names = "--max-client-batch-size", paramLabel = "N", defaultValue = "32",
            description = "Inputs one request may carry (default: ${DEFAULT-VALUE}).")
    int maxClientBatchSize;

    @Option(names = "--payload-limit", paramLabel = "N", defaultValue = "2000000",
            description = "Largest request body in bytes; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    int payloadLimit;

    @Option(names = "--dtype", defaultValue = "auto", paramLabel = "fp32|bf16|auto",
            description = "Encoder compute: auto = bf16 where the CPU has AVX512-BF16 or AMX (default: ${DEFAULT-VALUE}).")
    Precision dtype;

    @Option(names = "--auto-truncate",
            description = "Truncate over-long inputs of requests that do not say \"truncate\" (else they get 422).")
    boolean autoTruncate;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "A file holding the key that every route but /, /health and /metrics requires as "
                    + "'Authorization: Bearer KEY'.")
    Path apiKeyFile;

    @Override
    public Integer call() throws InterruptedException {
        ServeConfig config = new ServeConfig(host, port, maxBatchTokens, maxBatchRequests, maxConcurrentRequests,
                maxClientBatchSize, payloadLimit, apiKey(), dtype, autoTruncate, 30, maxQueueSeconds);
        List<ModelSpec> specs = models.stream().map(ModelSpec::parse).toList();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        // Handled, not left to the JVM: a SIGTERM the JVM handles itself would exit 143 without draining.
        SignalHandler term = Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        SignalHandler interrupt = Signal.handle(new Signal("INT"), signal -> stop.countDown());
        try (InferenceServer server = InferenceServer.start(config, specs, line -> System.err.println("tune4j: " + line))) {
            server.awaitReady(Duration.ofHours(1));
            out.printf("tune4j: listening on http://%s:%d/ (SIGTERM or Ctrl-C stops)%n", host, server.port());
            out.flush();
            stop.await();
            System.err.println("tune4j: stopping: answering the requests in flight");
        } finally {
            // Whoever called us (a test JVM) gets its own handling back.
            Signal.handle(new Signal("TERM"), term);
            Signal.handle(new Signal("INT"), interrupt);
        }
        out.println("tune4j: stopped");
        out.flush();
        return 0;
    }

    private String apiKey() {
        if (apiKeyFile == null) {
            return null;
        }
        try {
            return Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new Tune4jException("--api-key-file " + apiKeyFile + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
