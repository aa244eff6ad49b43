package dev.tune4j.spark;

import com.google.gson.JsonParser;
import dev.tune4j.engine.Precision;
import dev.tune4j.train.FrozenFeatures;
import dev.tune4j.train.TrainConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/** (key, text) rows in, (key, feature vector) rows out: one partition through this JVM's frozen backbone. */
final class FeaturePartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** The config as JSON: a record of the core, which is not Serializable and need not be. */
    private final String configJson;
    private final Precision precision;
    private final LongAccumulator rowsDone;

    FeaturePartition(String configJson, Precision precision, LongAccumulator rowsDone) {
        this.configJson = configJson;
        this.precision = precision;
        this.rowsDone = rowsDone;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        List<String> keys = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        rows.forEachRemaining(r -> {
            keys.add(r.getString(0));
            texts.add(r.getString(1));
        });
        if (texts.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        TrainConfig config = TrainConfig.fromJson(JsonParser.parseString(configJson).getAsJsonObject());
        FrozenFeatures backbone = ModelCache.features(config, precision);
        float[][] vectors = ModelCache.exclusive(backbone, () -> backbone.compute(texts));
        List<Row> out = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            Float[] boxed = new Float[vectors[i].length];
            for (int d = 0; d < boxed.length; d++) {
                boxed[d] = vectors[i][d];
            }
            out.add(RowFactory.create(keys.get(i), boxed));
        }
        rowsDone.add(texts.size());
        return out.iterator();
    }
}
