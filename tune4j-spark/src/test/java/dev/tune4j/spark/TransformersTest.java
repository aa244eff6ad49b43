package dev.tune4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Classifier;
import dev.tune4j.TinyPretrained;
import dev.tune4j.Tune4jException;
import dev.tune4j.adapt.FeatureExtraction;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import dev.tune4j.train.TrainConfig;
import dev.tune4j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transformers in local[2] against the single-process classifier and embedder, on a tiny model. */
class TransformersTest {

    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path tmp;

    private static SparkSession spark;
    private static Path pretrained;
    private static Path model;
    private static Path multiLabelModel;
    private static List<String> texts;
    private static Dataset<Row> frame;

    @BeforeAll
    static void setUp() throws Exception {
        spark = LocalSpark.session();
        pretrained = TinyPretrained.write(tmp.resolve("tiny-bert"));
        model = train(TinyPretrained.sentiment(80, 5), "runs/sentiment");
        multiLabelModel = train(TinyPretrained.topics(80, 6), "runs/topics");
        texts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // Every 7th row null and every 11th empty, among texts of different lengths.
            texts.add(i % 7 == 3 ? null : i % 11 == 5 ? "" : TinyPretrained.sentiment(60, 9).text(i));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create((long) i, texts.get(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("review", DataTypes.StringType);
        // Three partitions over two task slots: tasks share one model per JVM and rows keep their order.
        frame = spark.createDataFrame(spark.sparkContext().parallelize(
                scala.jdk.javaapi.CollectionConverters.asScala(rows).toSeq(), 3, scala.reflect.ClassTag$.MODULE$.apply(Row.class)),
                schema);
    }

    private static Path train(dev.tune4j.data.Dataset data, String dir) {
        TrainConfig config = TrainConfig.builder(new FeatureExtraction()).model(pretrained.toString()).maxLength(32)
                .batchSize(16).epochs(2).cacheFeatures(false).dtype(dev.tune4j.engine.Precision.FP32).build();
        Classifier.Run run = Classifier.train(config, data, tmp.resolve(dir), TrainingListener.SILENT);
        run.classifier().close();
        return tmp.resolve(dir).resolve("model");
    }

    private static List<String> nonEmpty() {
        return texts.stream().filter(t -> t != null && !t.isEmpty()).toList();
    }

    @Test
    void classifierEqualsSingleProcessPredictRowForRow() {
        int loadsBefore = ModelCache.loads();
        Tune4jClassifier clf = new Tune4jClassifier().setModelPath(model.toString()).setInputCol("review").setBatchSize(8);
        List<Row> out = clf.transform(frame).collectAsList();
        // The driver loaded the model once in transform; the tasks of all partitions reused it.
        assertTrue(ModelCache.loads() - loadsBefore <= 1, "loads: " + (ModelCache.loads() - loadsBefore));

        float[][] expected;
        List<Classifier.Prediction> labels;
        try (Classifier local = Classifier.load(model)) {
            expected = local.predictProba(nonEmpty());
            labels = local.predict(nonEmpty());
        }
        assertEquals(texts.size(), out.size());
        int k = 0;
        for (int i = 0; i < out.size(); i++) {
            Row r = out.get(i);
            assertEquals((long) i, r.getLong(0), "row order");
            assertEquals(texts.get(i), r.getString(1));
            if (texts.get(i) == null || texts.get(i).isEmpty()) {
                assertNull(r.get(2));
                assertNull(r.get(3));
                continue;
            }
            assertEquals(labels.get(k).label(), r.getString(2));
            double[] p = ((Vector) r.get(3)).toArray();
            assertEquals(expected[k].length, p.length);
            for (int c = 0; c < p.length; c++) {
                assertEquals(expected[k][c], p[c], TOLERANCE, "row " + i + " label " + c);
            }
            k++;
        }
        assertEquals(expected.length, k);
    }

    @Test
    void multiLabelClassifierAddsTheLabelsAtOrOverTheThreshold() {
        Tune4jClassifier clf = new Tune4jClassifier().setModelPath(multiLabelModel.toString()).setInputCol("review")
                .setThreshold(0.3f);
        Dataset<Row> scored = clf.transform(frame);
        assertEquals(List.of("id", "review", "prediction", "probability", "labels"), Arrays.asList(scored.columns()));
        List<Row> out = scored.collectAsList();
        List<Classifier.Prediction> expected;
        try (Classifier local = Classifier.load(multiLabelModel)) {
            expected = local.predict(nonEmpty(), 0.3f);
        }
        int k = 0;
        for (Row r : out) {
            if (r.isNullAt(2)) {
                assertNull(r.get(4));
                continue;
            }
            assertEquals(expected.get(k++).labels(), r.getList(4));
        }
        assertEquals(expected.size(), k);
    }

    @Test
    void embedderEqualsSingleProcessEmbed() {
        for (String pooling : List.of("cls", "mean")) {
            Tune4jEmbedder emb = new Tune4jEmbedder().setModelPath(pretrained.toString()).setInputCol("review")
                    .setPooling(pooling).setBatchSize(4);
            List<Row> out = emb.transform(frame).collectAsList();
            float[][] expected;
            try (Embedder local = Embedder.load(pretrained, Pooling.valueOf(pooling.toUpperCase()))) {
                expected = local.embed(nonEmpty());
            }
            assertEquals(texts.size(), out.size());
            int k = 0;
            for (int i = 0; i < out.size(); i++) {
                assertEquals((long) i, out.get(i).getLong(0));
                if (out.get(i).isNullAt(1) || out.get(i).getString(1).isEmpty()) {
                    assertNull(out.get(i).get(2));
                    continue;
                }
                double[] v = ((Vector) out.get(i).get(2)).toArray();
                for (int d = 0; d < v.length; d++) {
                    assertEquals(expected[k][d], v[d], TOLERANCE, pooling + " row " + i + " dim " + d);
                }
                k++;
            }
        }
    }

    @Test
    void embedderPoolsAndCutsTextsWhereTheSentenceTransformersFilesSay() throws Exception {
        Path st = TinyPretrained.writeSentenceTransformers(tmp.resolve("tiny-st"), "{\"pooling_mode_mean_tokens\": true}", 6);
        // The default pooling, auto, reads mean from the model's files, as `embed` does.
        Tune4jEmbedder emb = new Tune4jEmbedder().setModelPath(st.toString()).setInputCol("review");
        List<Row> out = emb.transform(frame).filter("embedding is not null").collectAsList();
        float[][] cut;
        float[][] whole;
        try (Embedder local = Embedder.load(st); Embedder all = Embedder.load(st, Pooling.MEAN)) {
            cut = local.embed(nonEmpty());
            whole = all.embed(nonEmpty());
        }
        double differs = 0;
        for (int k = 0; k < out.size(); k++) {
            double[] v = ((Vector) out.get(k).get(2)).toArray();
            for (int d = 0; d < v.length; d++) {
                assertEquals(cut[k][d], v[d], TOLERANCE, "row " + k + " dim " + d);
                differs = Math.max(differs, Math.abs(whole[k][d] - v[d]));
            }
        }
        assertTrue(differs > 1e-3, "texts longer than 6 tokens were cut: " + differs);
    }

    @Test
    void normalizedEmbeddingsHaveUnitNorm() {
        Tune4jEmbedder emb = new Tune4jEmbedder().setModelPath(pretrained.toString()).setInputCol("review")
                .setPooling("mean").setNormalize(true);
        for (Row r : emb.transform(frame).filter("embedding is not null").collectAsList()) {
            double[] v = ((Vector) r.get(2)).toArray();
            assertEquals(1.0, Math.sqrt(Arrays.stream(v).map(x -> x * x).sum()), 1e-9);
        }
    }

    @Test
    void missingOrCorruptModelFailsInTransformWithOneLine() throws Exception {
        Path corruptConfig = Files.createDirectories(tmp.resolve("corrupt-config"));
        Files.writeString(corruptConfig.resolve("config.json"), "{ not json");
        Path truncated = Files.createDirectories(tmp.resolve("truncated-weights"));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, truncated.resolve(f.getFileName()));
            }
        }
        byte[] weights = Files.readAllBytes(truncated.resolve("model.safetensors"));
        Files.write(truncated.resolve("model.safetensors"), Arrays.copyOf(weights, weights.length / 2));
        for (Path bad : List.of(tmp.resolve("no-such-model"), corruptConfig, truncated)) {
            Tune4jClassifier clf = new Tune4jClassifier().setModelPath(bad.toString()).setInputCol("review");
            // transform() only plans: failing here means no task ran.
            RuntimeException e = assertThrows(RuntimeException.class, () -> clf.transform(frame));
            assertTrue(e instanceof Tune4jException || e instanceof IllegalArgumentException, e.toString());
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        Tune4jEmbedder emb = new Tune4jEmbedder().setModelPath(tmp.resolve("no-such-backbone").toString());
        Tune4jException e = assertThrows(Tune4jException.class, () -> emb.setInputCol("review").transform(frame));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void wrongInputColumnIsRejectedBySchema() {
        Tune4jClassifier clf = new Tune4jClassifier().setModelPath(model.toString()).setInputCol("text");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clf.transformSchema(frame.schema()));
        assertTrue(e.getMessage().contains("'text'") && e.getMessage().contains("review"), e.getMessage());
        Tune4jClassifier onId = new Tune4jClassifier().setModelPath(model.toString()).setInputCol("id");
        assertThrows(IllegalArgumentException.class, () -> onId.transformSchema(frame.schema()));
    }

    @Test
    void savedAndReloadedPipelineGivesTheSameOutputAndHoldsNoWeights() throws Exception {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new Tune4jClassifier().setModelPath(model.toString()).setInputCol("review").setBatchSize(4).setMaxLength(16),
                new Tune4jEmbedder().setModelPath(pretrained.toString()).setInputCol("review").setPooling("mean")});
        PipelineModel fitted = pipeline.fit(frame);
        Path saved = tmp.resolve("pipeline");
        fitted.write().overwrite().save(saved.toString());
        PipelineModel loaded = PipelineModel.load(saved.toString());
        Tune4jClassifier reloaded = (Tune4jClassifier) loaded.stages()[0];
        assertEquals(16, reloaded.getMaxLength());
        assertEquals(4, reloaded.getBatchSize());
        assertEquals(model.toString(), reloaded.getModelPath());

        List<Row> before = fitted.transform(frame).collectAsList();
        List<Row> after = loaded.transform(frame).collectAsList();
        assertEquals(before, after);
        assertEquals(texts.size(), after.size());
        long bytes;
        try (Stream<Path> files = Files.walk(saved)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(bytes < 20_000, "the saved pipeline holds params only, got " + bytes + " bytes");
    }
}
