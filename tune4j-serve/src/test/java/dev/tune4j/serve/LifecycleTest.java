package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Admission under overload, the API key, readiness and graceful shutdown, on real servers. */
class LifecycleTest {

    private static final String THREE = "{\"inputs\": [\"great\", \"bad movie\", \"the plot\"]}";

    private static InferenceServer gated(GatedBackend backend, ServeConfig config) throws InterruptedException {
        InferenceServer server = InferenceServer.start(config, List.of(new ModelSpec("emb", Fixtures.get().tiny.toString())),
                line -> { }, GatedBackend.loader(backend));
        server.awaitReady(Duration.ofMinutes(1));
        return server;
    }

    @Test
    void pastTheConcurrencyLimitARequestIsRefused429AtOnceOnePermitPerInput() throws Exception {
        GatedBackend backend = new GatedBackend(new EmbeddingBackend(Fixtures.get().tiny));
        try (InferenceServer server = gated(backend, ServeConfig.defaults().withPort(0).withLimits(16_384, 4, 32))) {
            Http http = new Http(server.port());
            CompletableFuture<Http.Reply> three = CompletableFuture.supplyAsync(() -> http.post("/embed", THREE));
            backend.firstForward.await();
            long start = System.nanoTime();
            Http.Reply two = http.post("/embed", "{\"inputs\": [\"a\", \"b\"]}"); // 3 + 2 > 4 permits
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(429, two.status(), two.body());
            assertEquals("{\"error\":\"Model is overloaded\",\"error_type\":\"Overloaded\"}", two.body());
            assertTrue(millis < 1_000, "refused without waiting for the busy batcher: " + millis + " ms");
            CompletableFuture<Http.Reply> one = CompletableFuture.supplyAsync(() -> http.post("/embed", "{\"inputs\": \"a\"}"));
            while (server.queued() < 1) { // 3 + 1 = 4 permits: admitted, waits for the batcher
                Thread.sleep(5);
            }
            backend.gate.countDown();
            assertEquals(200, three.get().status());
            assertEquals(200, one.get().status());
            assertEquals(200, http.post("/embed", "{\"inputs\": [\"a\", \"b\"]}").status(), "permits come back");
            assertTrue(http.get("/metrics").body().contains("te_request_failure{err=\"overloaded\"} 1.0"));
        }
    }

    @Test
    void aModelAdmitsNoMoreThanItsForwardsGetThroughInMaxQueueSeconds() throws Exception {
        GatedBackend backend = new GatedBackend(new EmbeddingBackend(Fixtures.get().tiny));
        backend.millisPerInput = 200; // at most 5 inputs/s: 2 s of line holds at most 10 inputs
        backend.gate.countDown();
        try (InferenceServer server = gated(backend, ServeConfig.defaults().withPort(0).withMaxQueueSeconds(2))) {
            Http http = new Http(server.port());
            String four = "{\"inputs\": [\"a\", \"b\", \"c\", \"d\"]}";
            String eight = "{\"inputs\": [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\"]}";
            assertEquals(200, http.post("/embed", "{\"inputs\": \"a\"}").status(), "an idle model takes any request");
            assertEquals(200, http.post("/embed", eight).status(), "an idle model takes any request, whatever its rate");
            int forwards = backend.forwardSizes.size();
            CompletableFuture<Http.Reply> first = CompletableFuture.supplyAsync(() -> http.post("/embed", four));
            while (backend.forwardSizes.size() == forwards) { // its 4 inputs take 800 ms from here
                Thread.sleep(2);
            }
            long start = System.nanoTime();
            Http.Reply refused = http.post("/embed", eight); // 4 + 8 > 10
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(429, refused.status(), refused.body());
            assertEquals("Overloaded", refused.json().getAsJsonObject().get("error_type").getAsString());
            assertTrue(millis < 700, "refused at once, not after the 800 ms forward: " + millis + " ms");
            assertEquals(200, http.post("/embed", "{\"inputs\": \"a\"}").status(), "4 + 1 fits");
            assertEquals(200, first.get().status());
            assertEquals(200, http.post("/embed", eight).status(), "the line is gone: room again");
            assertTrue(http.get("/metrics").body().contains("te_request_failure{err=\"overloaded\"} 1.0"));
        }
    }

    @Test
    void inferenceRoutesNeedTheKeyHealthMetricsAndThePageDoNot() throws Exception {
        GatedBackend backend = new GatedBackend(new EmbeddingBackend(Fixtures.get().tiny));
        backend.gate.countDown();
        try (InferenceServer server = gated(backend, ServeConfig.defaults().withPort(0).withApiKey("s3cret"))) {
            Http anonymous = new Http(server.port());
            for (String path : List.of("/embed", "/predict", "/tokenize", "/v1/embeddings")) {
                Http.Reply r = anonymous.post(path, "{\"inputs\": \"a\"}");
                assertEquals(401, r.status(), path);
                assertEquals("", r.body(), "TEI answers a bare 401");
            }
            assertEquals(401, anonymous.get("/info").status());
            assertEquals(401, anonymous.withKey("wrong").post("/embed", "{\"inputs\": \"a\"}").status());
            assertEquals(200, anonymous.withKey("s3cret").post("/embed", "{\"inputs\": \"a\"}").status());
            for (String path : List.of("/health", "/metrics", "/", "/app.js")) {
                assertEquals(200, anonymous.get(path).status(), path);
            }
        }
    }

    @Test
    void healthIs503UntilTheModelIsLoaded() throws Exception {
        CountDownLatch loadable = new CountDownLatch(1);
        InferenceServer.Loader slow = (spec, config, metrics, log) -> {
            try {
                loadable.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ServedModel.load(spec, config, metrics, log);
        };
        try (InferenceServer server = InferenceServer.start(ServeConfig.defaults().withPort(0),
                List.of(new ModelSpec("emb", Fixtures.get().tiny.toString())), line -> { }, slow)) {
            Http http = new Http(server.port());
            Http.Reply health = http.get("/health");
            assertEquals(503, health.status());
            assertEquals("Unhealthy", health.json().getAsJsonObject().get("error_type").getAsString());
            assertEquals(503, http.post("/embed", "{\"inputs\": \"a\"}").status());
            Http.Reply openAi = http.post("/v1/embeddings", "{\"input\": \"a\"}");
            assertEquals(503, openAi.status());
            assertEquals(503, openAi.json().getAsJsonObject().get("code").getAsInt(), "OpenAI's error shape");
            loadable.countDown();
            server.awaitReady(Duration.ofMinutes(1));
            assertEquals(200, http.get("/health").status());
        }
    }

    @Test
    void closeFinishesRequestsInFlightRefusesNewOnesThenStops() throws Exception {
        GatedBackend backend = new GatedBackend(new EmbeddingBackend(Fixtures.get().tiny));
        InferenceServer server = gated(backend, ServeConfig.defaults().withPort(0));
        Http http = new Http(server.port());
        List<CompletableFuture<Http.Reply>> inFlight = List.of(
                CompletableFuture.supplyAsync(() -> http.post("/embed", THREE)),
                CompletableFuture.supplyAsync(() -> http.post("/embed", "{\"inputs\": \"great film\"}")),
                CompletableFuture.supplyAsync(() -> http.post("/embed", "{\"inputs\": [\"bad\"]}")));
        backend.firstForward.await();
        while (server.queued() + backend.forwardSizes.get(0) < 5) {
            Thread.sleep(5);
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        while (server.ready()) {
            Thread.sleep(5);
        }
        Http.Reply late = http.post("/embed", "{\"inputs\": \"a\"}");
        assertEquals(503, late.status(), "no new work while draining");
        assertEquals(503, http.get("/health").status());
        backend.gate.countDown();
        for (CompletableFuture<Http.Reply> r : inFlight) {
            assertEquals(200, r.get().status(), "admitted before the stop, answered");
        }
        closing.get();
        assertThrows(UncheckedIOException.class, () -> http.get("/health"), "stopped listening");
    }
}
