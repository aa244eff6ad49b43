package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.Classifier;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route of a real server on a loopback port, serving four tiny models, against the core's own results. */
class RoutesTest {

    static final List<String> TEXTS = List.of("great wonderful love the movie", "awful boring hate the film",
            "the plot was fine and the actor good", "bad");

    private static InferenceServer server;
    private static Http http;
    private static Fixtures f;

    @BeforeAll
    static void start() throws Exception {
        f = Fixtures.get();
        server = InferenceServer.start(ServeConfig.defaults().withPort(0), List.of(new ModelSpec("emb", f.tiny.toString()),
                new ModelSpec("single", f.single.toString()), new ModelSpec("lora", f.lora.resolve("model").toString()),
                new ModelSpec("multi", f.multi.toString())), line -> { });
        server.awaitReady(Duration.ofMinutes(2));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void embedAnswersTheCoresVectorsNormalizedOrNot() {
        float[][] expected;
        try (Embedder embedder = Embedder.load(f.tiny, Pooling.CLS)) {
            expected = embedder.embed(TEXTS);
        }
        JsonArray raw = http.post("/embed", body("inputs", TEXTS, "\"normalize\": false")).json().getAsJsonArray();
        JsonArray normalized = http.post("/embed", body("inputs", TEXTS, "")).json().getAsJsonArray();
        assertEquals(TEXTS.size(), raw.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(expected[i], floats(raw.get(i).getAsJsonArray()), 1e-5f);
            assertArrayEquals(Vectors.normalized(expected[i]), floats(normalized.get(i).getAsJsonArray()), 1e-5f);
        }
        JsonArray cut = http.post("/embed", body("inputs", TEXTS, "\"dimensions\": 8")).json().getAsJsonArray();
        for (int i = 0; i < TEXTS.size(); i++) { // Matryoshka: the first 8 values, normalized after the cut
            assertArrayEquals(Vectors.normalized(Arrays.copyOf(expected[i], 8)), floats(cut.get(i).getAsJsonArray()), 1e-5f);
        }
        Http.Reply single = http.post("/embed", "{\"inputs\": \"bad\"}");
        assertEquals(1, single.json().getAsJsonArray().size(), "one string is answered [[floats]]");
        assertEquals(32, single.json().getAsJsonArray().get(0).getAsJsonArray().size());
        for (String h : List.of("x-compute-time", "x-total-time", "x-queue-time", "x-inference-time", "x-tokenization-time",
                "x-compute-tokens", "x-compute-characters")) {
            assertNotNull(single.header(h), h);
        }
        assertEquals("3", single.header("x-compute-characters"));
        assertEquals("3", single.header("x-compute-tokens"), "[CLS] bad [SEP]");
    }

    @Test
    void predictAnswersTheClassifiersProbabilitiesBestFirst() {
        for (String model : List.of("single", "lora", "multi")) {
            float[][] expected;
            List<String> labels;
            java.nio.file.Path dir = (model.equals("single") ? f.single : model.equals("lora") ? f.lora : f.multi).resolve("model");
            try (Classifier c = Classifier.load(dir)) {
                expected = c.predictProba(TEXTS);
                labels = c.labels();
            }
            JsonArray batch = http.post("/" + model + "/predict", body("inputs", TEXTS, "")).json().getAsJsonArray();
            for (int i = 0; i < TEXTS.size(); i++) {
                JsonArray preds = batch.get(i).getAsJsonArray();
                assertEquals(labels.size(), preds.size());
                double previous = Double.MAX_VALUE;
                for (var p : preds) {
                    JsonObject o = p.getAsJsonObject();
                    float score = o.get("score").getAsFloat();
                    assertEquals(expected[i][labels.indexOf(o.get("label").getAsString())], score, 1e-5f, model + " " + i);
                    assertTrue(score <= previous, "best first");
                    previous = score;
                }
            }
        }
        JsonArray single = http.post("/single/predict", "{\"inputs\": \"bad\"}").json().getAsJsonArray();
        assertTrue(single.get(0).isJsonObject(), "one string is answered [{label, score}]");
    }

    @Test
    void rawScoresAreTheLogitsBehindTheProbabilities() {
        JsonArray probs = http.post("/single/predict", "{\"inputs\": \"great film\"}").json().getAsJsonArray();
        JsonArray raw = http.post("/single/predict", "{\"inputs\": \"great film\", \"raw_scores\": true}").json().getAsJsonArray();
        double a = raw.get(0).getAsJsonObject().get("score").getAsDouble();
        double b = raw.get(1).getAsJsonObject().get("score").getAsDouble();
        double top = 1 / (1 + Math.exp(b - a));
        assertEquals(probs.get(0).getAsJsonObject().get("score").getAsDouble(), top, 1e-5);
        assertTrue(a > 1 || a < 0 || b > 1 || b < 0 || Math.abs(a + b - 1) > 1e-3, "logits are not probabilities");
    }

    @Test
    void tokenizeAnswersWordPiecesWithOrWithoutSpecials() {
        JsonArray with = http.post("/tokenize", "{\"inputs\": \"great movie\"}").json().getAsJsonArray().get(0).getAsJsonArray();
        assertEquals(List.of("[CLS]", "great", "movie", "[SEP]"), texts(with));
        assertTrue(with.get(0).getAsJsonObject().get("special").getAsBoolean());
        assertTrue(with.get(1).getAsJsonObject().get("id").getAsInt() > 4);
        JsonArray without = http.post("/tokenize", "{\"inputs\": [\"great movie\"], \"add_special_tokens\": false}").json()
                .getAsJsonArray().get(0).getAsJsonArray();
        assertEquals(List.of("great", "movie"), texts(without));
    }

    @Test
    void tokenizeGivesEachTokenTheTextItCoversAndItsUtf8ByteOffsetsAsTeiDoes() {
        String input = "Great  movie, \u00e9\ud83d\ude00 bad";
        JsonArray tokens = http.post("/tokenize", "{\"inputs\": \"" + input + "\"}").json().getAsJsonArray().get(0)
                .getAsJsonArray();
        JsonObject cls = tokens.get(0).getAsJsonObject();
        assertEquals("[CLS]", cls.get("text").getAsString());
        assertTrue(cls.get("start").isJsonNull() && cls.get("stop").isJsonNull(), "a special token covers no text");
        byte[] utf8 = input.getBytes(StandardCharsets.UTF_8);
        for (int i = 1; i < tokens.size() - 1; i++) {
            JsonObject t = tokens.get(i).getAsJsonObject();
            int start = t.get("start").getAsInt();
            int stop = t.get("stop").getAsInt();
            assertEquals(new String(utf8, start, stop - start, StandardCharsets.UTF_8), t.get("text").getAsString(), t.toString());
        }
        JsonObject great = tokens.get(1).getAsJsonObject();
        assertEquals("Great", great.get("text").getAsString(), "the input's own characters, not the lower-cased piece");
        assertEquals(List.of(0, 5), List.of(great.get("start").getAsInt(), great.get("stop").getAsInt()));
        JsonObject movie = tokens.get(2).getAsJsonObject();
        assertEquals(List.of(7, 12), List.of(movie.get("start").getAsInt(), movie.get("stop").getAsInt()));
        JsonObject bad = tokens.get(tokens.size() - 2).getAsJsonObject();
        assertEquals("bad", bad.get("text").getAsString());
        // 5 + 2 + 5 + 1 + 1 bytes, then é (2 bytes), the emoji (4 bytes) and a space
        assertEquals(List.of(21, 24), List.of(bad.get("start").getAsInt(), bad.get("stop").getAsInt()));
        assertEquals("[SEP]", tokens.get(tokens.size() - 1).getAsJsonObject().get("text").getAsString());
    }

    @Test
    void infoReportsTheModelAndEveryLimit() {
        JsonObject emb = http.get("/info").json().getAsJsonObject();
        assertEquals("emb", emb.get("served_model_name").getAsString());
        assertEquals("cls", emb.getAsJsonObject("model_type").getAsJsonObject("embedding").get("pooling").getAsString());
        assertEquals("float32", emb.get("model_dtype").getAsString());
        assertEquals(512, emb.get("max_concurrent_requests").getAsInt());
        assertEquals(0.0, emb.get("max_queue_seconds").getAsDouble(), "no bound in seconds unless asked for");
        assertEquals(16_384, emb.get("max_batch_tokens").getAsInt());
        assertEquals(32, emb.get("max_client_batch_size").getAsInt());
        assertEquals(2_000_000, emb.get("payload_limit").getAsInt());
        assertEquals(Classifier.VERSION, emb.get("version").getAsString());
        JsonObject single = http.get("/single/info").json().getAsJsonObject();
        assertEquals(32, single.get("max_input_length").getAsInt(), "the run's --max-length");
        JsonObject id2label = single.getAsJsonObject("model_type").getAsJsonObject("classifier").getAsJsonObject("id2label");
        assertEquals("negative", id2label.get("0").getAsString());
        JsonObject card = single.getAsJsonObject("tune4j");
        assertEquals("/runs/single/report.html", card.get("report").getAsString());
        assertTrue(card.getAsJsonObject("validation").get("accuracy").getAsDouble() >= 0);
        assertTrue(http.get("/runs/single/report.html").body().contains("report of single"));
        assertEquals(404, http.get("/runs/single/run.json").status());
        assertTrue(http.get("/multi/info").json().getAsJsonObject().getAsJsonObject("tune4j").get("multi_label").getAsBoolean());
    }

    @Test
    void healthMetricsAndModelList() {
        Http.Reply health = http.get("/health");
        assertEquals(200, health.status());
        http.post("/embed", "{\"inputs\": [\"a\", \"b\"]}");
        String metrics = http.get("/metrics").body();
        for (String name : List.of("te_request_count{method=\"batch\"}", "te_request_success{method=\"batch\"}",
                "te_queue_size", "te_batch_next_size_bucket", "te_batch_next_tokens_bucket", "te_request_duration_bucket",
                "te_request_queue_duration_bucket", "te_request_inference_duration_bucket",
                "te_request_tokenization_duration_bucket", "te_request_input_length_bucket")) {
            assertTrue(metrics.contains(name), name + " in\n" + metrics);
        }
        JsonArray data = http.get("/v1/models").json().getAsJsonObject().getAsJsonArray("data");
        assertEquals(List.of("emb", "single", "lora", "multi"),
                data.asList().stream().map(e -> e.getAsJsonObject().get("id").getAsString()).toList());
    }

    @Test
    void openAiEmbeddingsAnswerOpenAisShapeForTheSelectedModel() {
        JsonObject o = http.post("/v1/embeddings", "{\"input\": [\"great movie\", \"bad\"], \"model\": \"emb\"}").json()
                .getAsJsonObject();
        assertEquals("list", o.get("object").getAsString());
        assertEquals("emb", o.get("model").getAsString());
        assertEquals(7, o.getAsJsonObject("usage").get("prompt_tokens").getAsInt(), "4 + 3 tokens");
        JsonObject first = o.getAsJsonArray("data").get(0).getAsJsonObject();
        assertEquals("embedding", first.get("object").getAsString());
        assertEquals(0, first.get("index").getAsInt());
        float[] v = floats(first.getAsJsonArray("embedding"));
        JsonObject b64 = http.post("/v1/embeddings", "{\"input\": \"great movie\", \"encoding_format\": \"base64\"}").json()
                .getAsJsonObject();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(
                b64.getAsJsonArray("data").get(0).getAsJsonObject().get("embedding").getAsString())).order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[v.length];
        bytes.asFloatBuffer().get(decoded);
        assertArrayEquals(v, decoded, 1e-6f);
        JsonObject cut = http.post("/v1/embeddings", "{\"input\": \"great movie\", \"dimensions\": 5}").json().getAsJsonObject();
        assertArrayEquals(Vectors.normalized(Arrays.copyOf(v, 5)),
                floats(cut.getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("embedding")), 1e-5f);
        assertEquals(422, http.post("/v1/embeddings", "{\"input\": \"a\", \"dimensions\": 99}").status());
        Http.Reply missing = http.post("/v1/embeddings", "{\"input\": \"a\", \"model\": \"nope\"}");
        assertEquals(404, missing.status());
        JsonObject error = missing.json().getAsJsonObject();
        assertEquals(404, error.get("code").getAsInt());
        assertTrue(error.get("message").getAsString().contains("served: emb, single, lora, multi"), error.toString());
        assertNull(error.get("error"));
    }

    static String body(String key, List<String> texts, String extra) {
        JsonArray a = new JsonArray();
        texts.forEach(a::add);
        return "{\"" + key + "\": " + a + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }

    private static List<String> texts(JsonArray tokens) {
        return tokens.asList().stream().map(t -> t.getAsJsonObject().get("text").getAsString()).toList();
    }
}
