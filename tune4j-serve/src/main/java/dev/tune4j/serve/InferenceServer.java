package dev.tune4j.serve;

import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Precision;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The server: Javalin on Jetty, TEI's routes for every served model (unprefixed for the first, under
 * {@code /{name}/} for each), the OpenAI route, {@code /health}, {@code /metrics}, {@code /info} and the web page.
 * It listens at once and answers {@code /health} 503 until the models are loaded. {@link #close()} shuts down
 * gracefully: new requests get 503, admitted ones are answered, then Jetty and the models stop.
 */
public final class InferenceServer implements AutoCloseable {

    /** Routes open without the API key, as in TEI (health, metrics) plus the web page itself. */
    private static final Set<String> PUBLIC = Set.of("/", "/app.js", "/style.css", "/health", "/ping", "/metrics");

    /** Loads one model; tests pass one that waits, to see the server before it is ready. */
    interface Loader {
        ServedModel load(ModelSpec spec, ServeConfig config, ServeMetrics metrics, Consumer<String> log);
    }

    private final ServeConfig config;
    private final ServeMetrics metrics = new ServeMetrics(8192);
    private final Admission admission;
    private final Models models = new Models();
    private final Replies replies = new Replies(metrics);
    private final TeiRoutes tei;
    private final OpenAiRoutes openAi;
    private final InfoRoutes info;
    private final AtomicInteger httpInFlight = new AtomicInteger();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Javalin app;
    private volatile boolean ready;
    private volatile boolean draining;
    private volatile RuntimeException loadFailure;

    private InferenceServer(ServeConfig config) {
        this.config = config;
        this.admission = new Admission(config.maxConcurrentRequests());
        Inference inference = new Inference(admission, metrics);
        this.tei = new TeiRoutes(config, inference, replies, metrics);
        this.openAi = new OpenAiRoutes(config, inference, replies);
        this.info = new InfoRoutes(config, replies);
        this.app = Javalin.create(this::configure);
    }

    /** Starts listening, then loads the models on a background thread; see {@link #awaitReady}. */
    public static InferenceServer start(ServeConfig config, List<ModelSpec> specs, Consumer<String> log) {
        return start(config, specs, log, ServedModel::load);
    }

    static InferenceServer start(ServeConfig config, List<ModelSpec> specs, Consumer<String> log, Loader loader) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no model to serve; give --model NAME|DIR");
        }
        requireFree(config.host(), config.port());
        InferenceServer server = new InferenceServer(config);
        server.app.start(config.host(), config.port());
        Thread thread = new Thread(() -> server.load(specs, log, loader), "tune4j-model-loader");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    /**
     * Fails in one line when {@code host:port} cannot be listened on (taken, or not this machine's address), before
     * Javalin tries and logs its own stack trace. Port 0 always binds.
     */
    private static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException | IllegalArgumentException e) {
            throw new Tune4jException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); pick another --port (0: any free one) or --host");
        }
    }

    private void load(List<ModelSpec> specs, Consumer<String> log, Loader loader) {
        try {
            for (ModelSpec spec : specs) {
                ServedModel model = loader.load(spec, config, metrics, log);
                models.add(model);
                log.accept("serving " + model.describe());
            }
            // Only fp32 needs it: see Malloc for what it saves in fp32 and costs in bf16.
            if (models.all().stream().anyMatch(m -> m.precision() == Precision.FP32) && Malloc.returnLargeBlocks()) {
                log.accept("malloc: blocks of " + Malloc.THRESHOLD / 1024 + " KiB and more are returned to the system "
                        + "when freed (fp32 activations)");
            }
            ready = true;
        } catch (RuntimeException e) {
            loadFailure = e;
        } finally {
            loaded.countDown();
        }
    }

    /** Waits until every model is loaded; rethrows what stopped a model from loading. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        if (!loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new Tune4jException("the models did not load within " + timeout.toSeconds() + " s");
        }
        if (loadFailure != null) {
            throw loadFailure;
        }
    }

    public int port() {
        return app.port();
    }

    /** Inputs waiting in the batchers' queues (tests). */
    long queued() {
        return metrics.queueSize();
    }

    public boolean ready() {
        return ready && !draining;
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        // Bodies are read (and limited) by Requests, which answers 413 in TEI's shape.
        cfg.http.maxRequestSize = Long.MAX_VALUE;
        cfg.routes.before(this::before);
        cfg.routes.after(this::after);
        cfg.routes.exception(ApiError.class, (e, ctx) -> replies.error(ctx, e));
        cfg.routes.exception(Exception.class, (e, ctx) -> replies.error(ctx, e));
        WebPage.register(cfg);
        cfg.routes.get("/health", this::health);
        cfg.routes.get("/ping", this::health);
        cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        cfg.routes.get("/info", ctx -> info.info(ctx, model(null), names()));
        cfg.routes.get("/v1/models", ctx -> openAi.list(ctx, served()));
        cfg.routes.post("/v1/embeddings", ctx -> openAi.embeddings(ctx, servedModels()));
        cfg.routes.post("/embeddings", ctx -> openAi.embeddings(ctx, servedModels()));
        cfg.routes.post("/embed", ctx -> tei.embed(ctx, model(null)));
        cfg.routes.post("/predict", ctx -> tei.predict(ctx, model(null)));
        cfg.routes.post("/tokenize", ctx -> tei.tokenize(ctx, model(null)));
        cfg.routes.get("/{model}/info", ctx -> info.info(ctx, model(ctx.pathParam("model")), names()));
        cfg.routes.post("/{model}/embed", ctx -> tei.embed(ctx, model(ctx.pathParam("model"))));
        cfg.routes.post("/{model}/predict", ctx -> tei.predict(ctx, model(ctx.pathParam("model"))));
        cfg.routes.post("/{model}/tokenize", ctx -> tei.tokenize(ctx, model(ctx.pathParam("model"))));
        cfg.routes.get("/runs/{model}/{file}", ctx -> info.report(ctx, model(ctx.pathParam("model")), ctx.pathParam("file")));
    }

    private void before(Context ctx) {
        Timing.of(ctx);
        if (ctx.path().equals("/v1/embeddings") || ctx.path().equals("/embeddings")) {
            ctx.attribute(Replies.OPENAI, true); // every error of this route in OpenAI's shape, 503 included
        }
        if (config.apiKey() != null && !PUBLIC.contains(ctx.path()) && !authorized(ctx.header("Authorization"))) {
            // TEI answers a missing or wrong key with a bare 401. Skipping the rest skips after() too.
            Timing.of(ctx).write(ctx);
            ctx.status(401).header("WWW-Authenticate", "Bearer");
            ctx.skipRemainingHandlers();
            return;
        }
        httpInFlight.incrementAndGet();
        ctx.attribute("tune4j.counted", true);
    }

    private void after(Context ctx) {
        if (ctx.res().getHeader("x-compute-time") == null) {
            Timing.of(ctx).write(ctx);
        }
        if (ctx.attribute("tune4j.counted") != null) {
            httpInFlight.decrementAndGet();
        }
    }

    /** Compared in constant time, so the answer's timing tells nothing about the key. */
    private boolean authorized(String header) {
        byte[] expected = ("Bearer " + config.apiKey()).getBytes(StandardCharsets.UTF_8);
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private void health(Context ctx) {
        if (!ready()) {
            // Not a failed request: a load balancer asking whether to send any.
            throw new ApiError(ErrorType.Unhealthy, draining ? "shutting down" : "model is loading", null);
        }
        ctx.status(200);
    }

    private ServedModel model(String name) {
        return servedModels().select(name);
    }

    private Models servedModels() {
        if (draining) {
            throw new ApiError(ErrorType.Unhealthy, "the server is shutting down", "unhealthy");
        }
        if (!ready) {
            throw new ApiError(ErrorType.Unhealthy, "model is loading", "unhealthy");
        }
        return models;
    }

    private java.util.Collection<ServedModel> served() {
        return servedModels().all();
    }

    private List<String> names() {
        return models.all().stream().map(ServedModel::name).toList();
    }

    /**
     * Graceful stop: refuse new work (503), wait up to the drain time for admitted inputs and open requests to be
     * answered, then stop Jetty, the batchers (each answers what is still queued) and the models.
     */
    @Override
    public void close() {
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.drainSeconds());
        while ((admission.inFlight() > 0 || httpInFlight.get() > 0) && System.nanoTime() < deadline) {
            sleep(10);
        }
        sleep(50); // the last answers' bytes leave Jetty's buffers
        app.stop();
        try {
            loaded.await(config.drainSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        models.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
