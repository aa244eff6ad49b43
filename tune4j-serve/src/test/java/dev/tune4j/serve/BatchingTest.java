package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Dynamic batching: 32 concurrent clients are answered from shared forwards exactly as one request alone is. */
class BatchingTest {

    private static final List<String> WORDS = List.of("great", "good", "awful", "bad", "the", "movie", "plot", "actor",
            "was", "a", "film", "and", "it", "is", "love", "boring");

    @Test
    void thirtyTwoConcurrentClientsGetTheSingleRequestResults() throws Exception {
        Fixtures f = Fixtures.get();
        GatedBackend backend = new GatedBackend(new EmbeddingBackend(f.tiny));
        List<List<String>> requests = requests(32, new Random(11));
        int inputs = requests.stream().mapToInt(List::size).sum();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try (InferenceServer server = InferenceServer.start(ServeConfig.defaults().withPort(0).withMaxQueueSeconds(0),
                List.of(new ModelSpec("emb", f.tiny.toString())), line -> { }, GatedBackend.loader(backend))) {
            server.awaitReady(Duration.ofMinutes(1));
            Http http = new Http(server.port());
            List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
            for (List<String> texts : requests) {
                String body = texts.size() == 1 ? "{\"inputs\": \"" + texts.get(0) + "\", \"normalize\": false}"
                        : RoutesTest.body("inputs", texts, "\"normalize\": false");
                replies.add(CompletableFuture.supplyAsync(() -> http.post("/embed", body), clients));
            }
            // The first forward holds the batcher until every other input waits in its queue (so its rate means
            // nothing: no queue bound by rate here).
            backend.firstForward.await();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.queued() + backend.forwardSizes.get(0) < inputs && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            backend.gate.countDown();

            float[][] offline;
            try (Embedder embedder = Embedder.load(f.tiny, Pooling.CLS)) {
                offline = embedder.embed(requests.stream().flatMap(List::stream).toList());
            }
            int row = 0;
            for (int r = 0; r < requests.size(); r++) {
                Http.Reply reply = replies.get(r).get();
                assertEquals(200, reply.status(), reply.body());
                JsonArray vectors = reply.json().getAsJsonArray();
                for (int i = 0; i < requests.get(r).size(); i++, row++) {
                    float[] alone = RoutesTest.floats(http.post("/embed", "{\"inputs\": \"" + requests.get(r).get(i)
                            + "\", \"normalize\": false}").json().getAsJsonArray().get(0).getAsJsonArray());
                    float[] batched = RoutesTest.floats(vectors.get(i).getAsJsonArray());
                    assertArrayEquals(alone, batched, 1e-5f, "request " + r + " input " + i);
                    assertArrayEquals(offline[row], batched, 1e-5f, "request " + r + " input " + i + " vs offline");
                }
            }
            assertEquals(inputs, backend.forwardSizes.get(0) + backend.forwardSizes.get(1),
                    "the inputs that waited went through one forward: " + backend.forwardSizes);
        } finally {
            clients.shutdownNow();
        }
    }

    /** {@code n} requests of 1 to 3 texts of 2 to 12 words: different lengths, so batches need padding. */
    private static List<List<String>> requests(int n, Random rng) {
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            List<String> texts = new ArrayList<>();
            for (int t = 1 + rng.nextInt(3); t > 0; t--) {
                List<String> words = new ArrayList<>();
                for (int w = 2 + rng.nextInt(11); w > 0; w--) {
                    words.add(WORDS.get(rng.nextInt(WORDS.size())));
                }
                texts.add(String.join(" ", words));
            }
            out.add(texts);
        }
        return out;
    }
}
