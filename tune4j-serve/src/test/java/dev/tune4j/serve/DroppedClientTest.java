package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves while its request waits in the queue: its inputs are dropped before the forward, counted as
 * {@code te_request_failure{err="dropped"}}, and never run. Raw sockets, so the test controls how the client leaves.
 */
class DroppedClientTest {

    private static final String TWO = "{\"inputs\": [\"bad movie\", \"the plot\"]}";

    private static InferenceServer gated(GatedBackend backend) throws InterruptedException {
        InferenceServer server = InferenceServer.start(ServeConfig.defaults().withPort(0),
                List.of(new ModelSpec("emb", Fixtures.get().tiny.toString())), line -> { }, GatedBackend.loader(backend));
        server.awaitReady(Duration.ofMinutes(1));
        return server;
    }

    @Test
    void inputsOfClientsThatClosedOrResetTheirSocketAreDroppedNotRun() throws Exception {
        GatedBackend backend = new GatedBackend(new EmbeddingBackend(Fixtures.get().tiny));
        try (InferenceServer server = gated(backend)) {
            Http http = new Http(server.port());
            CompletableFuture<Http.Reply> first = CompletableFuture.supplyAsync(() -> http.post("/embed", "{\"inputs\": \"great\"}"));
            backend.firstForward.await(); // the batcher is busy with `first` until the gate opens

            Socket closes = send(server.port(), post("/embed", TWO));
            Socket resets = send(server.port(), post("/embed", TWO));
            awaitQueued(server, 4);
            closes.close(); // FIN
            resets.setSoLinger(true, 0);
            resets.close(); // RST
            CompletableFuture<Http.Reply> after = CompletableFuture.supplyAsync(() -> http.post("/embed", "{\"inputs\": \"great film\"}"));
            awaitQueued(server, 5);
            backend.gate.countDown();

            assertEquals(200, first.get().status());
            Http.Reply reply = after.get();
            assertEquals(200, reply.status(), reply.body());
            assertEquals(List.of(1, 1), backend.forwardSizes, "the four dropped inputs never reached a forward");
            assertEquals(http.post("/embed", "{\"inputs\": \"great film\"}").body(), reply.body());
            String metrics = http.get("/metrics").body();
            assertTrue(metrics.contains("te_request_failure{err=\"dropped\"} 4.0"), metrics);
            assertTrue(metrics.contains("te_batch_next_size_sum 3.0"), "inputs forwarded: first, after, the check\n" + metrics);
            assertTrue(metrics.contains("te_queue_size 0.0"), metrics);
        }
    }

    @Test
    void aPipelinedRequestBehindAQueuedOneClosesTheConnectionAfterTheAnswer() throws Exception {
        GatedBackend backend = new GatedBackend(new EmbeddingBackend(Fixtures.get().tiny));
        try (InferenceServer server = gated(backend)) {
            Http http = new Http(server.port());
            CompletableFuture<Http.Reply> first = CompletableFuture.supplyAsync(() -> http.post("/embed", "{\"inputs\": \"great\"}"));
            backend.firstForward.await();
            try (Socket pipelining = send(server.port(), post("/embed", TWO))) {
                awaitQueued(server, 2);
                pipelining.getOutputStream().write(post("/embed", "{\"inputs\": \"a\"}")); // the probe takes its first byte
                pipelining.getOutputStream().flush();
                Thread.sleep(50);
                backend.gate.countDown();
                String answer = readToEnd(pipelining.getInputStream()); // ends: the server closes the connection
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertTrue(answer.toLowerCase().contains("connection: close"), answer);
                assertEquals(1, answer.split("HTTP/1.1 ", -1).length - 1, "the pipelined request is left for the client to retry");
            }
            assertEquals(200, first.get().status());
            assertTrue(!http.get("/metrics").body().contains("err=\"dropped\""), "a pipelining client is not a dropped one");
        }
    }

    private static byte[] post(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head8.length + body.length];
        System.arraycopy(head8, 0, out, 0, head8.length);
        System.arraycopy(body, 0, out, head8.length, body.length);
        return out;
    }

    private static Socket send(int port, byte[] request) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        return socket;
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void awaitQueued(InferenceServer server, long inputs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.queued() < inputs && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(inputs, server.queued(), "inputs waiting in the queue");
    }
}
