package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Clients that exist, unchanged: langchain4j's OpenAI embedding model, and the curl requests of TEI's README. */
class ClientsTest {

    @Test
    void langchain4jsOpenAiEmbeddingModelWorksAgainstTheServer() throws Exception {
        Fixtures f = Fixtures.get();
        try (InferenceServer server = InferenceServer.start(ServeConfig.defaults().withPort(0).withApiKey("sk-local"),
                List.of(new ModelSpec("emb", f.tiny.toString())), line -> { })) {
            server.awaitReady(Duration.ofMinutes(1));
            OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder()
                    .baseUrl("http://127.0.0.1:" + server.port() + "/v1").apiKey("sk-local").modelName("emb")
                    .timeout(Duration.ofSeconds(30)).maxRetries(0).build();
            List<TextSegment> segments = List.of(TextSegment.from("great movie"), TextSegment.from("awful boring film"));
            List<Embedding> embeddings = model.embedAll(segments).content();
            Http http = new Http(server.port(), "sk-local");
            JsonArray expected = http.post("/embed", "{\"inputs\": [\"great movie\", \"awful boring film\"]}").json()
                    .getAsJsonArray();
            assertEquals(2, embeddings.size());
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(RoutesTest.floats(expected.get(i).getAsJsonArray()), embeddings.get(i).vector(), 1e-6f);
            }
        }
    }

    @Test
    void teisReadmeCurlRequestsWork() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "skipped: no /usr/bin/curl on this machine");
        Fixtures f = Fixtures.get();
        try (InferenceServer embed = InferenceServer.start(ServeConfig.defaults().withPort(0),
                List.of(new ModelSpec("emb", f.tiny.toString())), line -> { });
             InferenceServer predict = InferenceServer.start(ServeConfig.defaults().withPort(0),
                List.of(new ModelSpec("single", f.single.toString())), line -> { })) {
            embed.awaitReady(Duration.ofMinutes(1));
            predict.awaitReady(Duration.ofMinutes(1));
            // README.md of huggingface/text-embeddings-inference, with the port the test server got.
            String vectors = curl("127.0.0.1:" + embed.port() + "/embed", "-X", "POST",
                    "-d", "{\"inputs\":\"What is Deep Learning?\"}", "-H", "Content-Type: application/json");
            assertEquals(32, JsonParser.parseString(vectors).getAsJsonArray().get(0).getAsJsonArray().size(), vectors);
            String labels = curl("127.0.0.1:" + predict.port() + "/predict", "-X", "POST",
                    "-d", "{\"inputs\":\"I like you.\"}", "-H", "Content-Type: application/json");
            JsonArray preds = JsonParser.parseString(labels).getAsJsonArray();
            assertEquals(2, preds.size(), labels);
            double sum = preds.asList().stream().mapToDouble(p -> p.getAsJsonObject().get("score").getAsDouble()).sum();
            assertEquals(1.0, sum, 1e-5);
        }
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "--fail-with-body"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(!out.isBlank());
        return out;
    }
}
