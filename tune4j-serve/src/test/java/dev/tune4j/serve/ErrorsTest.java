package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal, with TEI's status, TEI's {@code {"error", "error_type"}} body and the failure it counts. */
class ErrorsTest {

    private static InferenceServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        Fixtures f = Fixtures.get();
        ServeConfig config = new ServeConfig("127.0.0.1", 0, 16_384, 0, 512, 4, 10_000, null,
                dev.tune4j.engine.Precision.FP32, false, 30);
        server = InferenceServer.start(config, List.of(new ModelSpec("emb", f.tiny.toString()),
                new ModelSpec("single", f.single.toString())), line -> { });
        server.awaitReady(Duration.ofMinutes(2));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject refused(Http.Reply r, int status, String type) {
        assertEquals(status, r.status(), r.body());
        JsonObject o = r.json().getAsJsonObject();
        assertEquals(type, o.get("error_type").getAsString(), r.body());
        assertTrue(!o.get("error").getAsString().contains("\n"), "one line: " + o);
        assertNotNull(r.header("x-compute-time"), "timing headers on errors too");
        return o;
    }

    @Test
    void malformedJsonIs422WithTheReason() {
        JsonObject o = refused(http.post("/embed", "{\"inputs\": [\"a\""), 422, "Validation");
        assertTrue(o.get("error").getAsString().startsWith("Failed to parse the request body as JSON"), o.toString());
        String unquoted = refused(http.post("/embed", "{inputs: \"a\"}"), 422, "Validation").get("error").getAsString();
        assertEquals("Failed to parse the request body as JSON: malformed JSON at line 1 column 3 path $.", unquoted,
                "Gson's advice to its Java caller is not the client's business");
        refused(http.post("/embed", "{\"inputs\": \"a\"} trailing"), 422, "Validation");
        refused(http.post("/embed", "[\"a\"]"), 422, "Validation");
        refused(http.post("/embed", ""), 422, "Validation");
    }

    @Test
    void missingOrMistypedInputsAre422AndEmptyInputsAre400() {
        assertEquals("Failed to deserialize the JSON body into the target type: missing field `inputs`",
                refused(http.post("/embed", "{\"input\": \"a\"}"), 422, "Validation").get("error").getAsString());
        refused(http.post("/embed", "{\"inputs\": 7}"), 422, "Validation");
        refused(http.post("/embed", "{\"inputs\": [[101, 102]]}"), 422, "Validation");
        refused(http.post("/embed", "{\"inputs\": \"a\", \"normalize\": \"yes\"}"), 422, "Validation");
        for (String d : List.of("0", "33", "2.5", "\"8\"")) { // the tiny model's vectors have 32 values
            assertEquals("`dimensions` must be an integer from 1 to 32 (the model's embedding size), got " + d,
                    refused(http.post("/embed", "{\"inputs\": \"a\", \"dimensions\": " + d + "}"), 422, "Validation")
                            .get("error").getAsString());
        }
        assertEquals("`inputs` cannot be empty", refused(http.post("/embed", "{\"inputs\": []}"), 400, "Empty")
                .get("error").getAsString());
    }

    @Test
    void moreInputsThanTheClientBatchSizeAre422() {
        JsonObject o = refused(http.post("/embed", "{\"inputs\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}"), 422, "Validation");
        assertEquals("batch size 5 > maximum allowed batch size 4", o.get("error").getAsString());
        assertTrue(http.get("/metrics").body().contains("te_request_failure{err=\"batch_size\"}"));
    }

    @Test
    void aBodyOverThePayloadLimitIs413() {
        String big = "{\"inputs\": \"" + "great ".repeat(2_000) + "\"}";
        JsonObject o = refused(http.post("/embed", big), 413, "Validation");
        assertTrue(o.get("error").getAsString().contains("10000 bytes"), o.toString());
    }

    @Test
    void aTextOverTheMaximumIs422UnlessTruncated() {
        String longText = "great ".repeat(40); // 42 tokens with [CLS] and [SEP]; the classifier reads 32
        JsonObject o = refused(http.post("/single/predict", "{\"inputs\": \"" + longText + "\"}"), 422, "Validation");
        assertEquals("`inputs` must have less than 32 tokens. Given: 42", o.get("error").getAsString());
        Http.Reply truncated = http.post("/single/predict", "{\"inputs\": \"" + longText + "\", \"truncate\": true}");
        assertEquals(200, truncated.status(), truncated.body());
        assertEquals("32", truncated.header("x-compute-tokens"));
    }

    @Test
    void theWrongKindOfModelIs424AndAnUnknownModelIs404() {
        refused(http.post("/predict", "{\"inputs\": \"a\"}"), 424, "Backend");
        refused(http.post("/single/embed", "{\"inputs\": \"a\"}"), 424, "Backend");
        JsonObject o = refused(http.post("/nope/embed", "{\"inputs\": \"a\"}"), 404, "Validation");
        assertTrue(o.get("error").getAsString().contains("served: emb, single"), o.toString());
    }

    @Test
    void openAiRouteErrorsAreInOpenAisShape() {
        Http.Reply r = http.post("/v1/embeddings", "{\"input\": []}");
        assertEquals(400, r.status());
        JsonObject o = r.json().getAsJsonObject();
        assertEquals("`input` cannot be empty", o.get("message").getAsString());
        assertEquals(400, o.get("code").getAsInt());
        assertEquals("Empty", o.get("type").getAsString());
    }
}
