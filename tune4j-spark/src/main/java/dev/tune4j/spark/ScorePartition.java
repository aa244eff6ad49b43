package dev.tune4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * Scores one partition lazily, a chunk of rows at a time: the chunk's non-empty texts go to the model at once
 * (which sorts them by length into batches), and the results are zipped back onto the chunk's rows in their
 * order. A null or empty text gets null outputs. Memory stays bounded by the chunk, whatever the partition size.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    /** Batches per chunk: enough texts for length sorting to cut padding, few enough to stream. */
    private static final int BATCHES_PER_CHUNK = 32;

    private final Scorer scorer;
    private final int column;
    private final int chunkSize;
    private final LongAccumulator rowsDone;

    ScorePartition(Scorer scorer, int column, int batchSize, LongAccumulator rowsDone) {
        this.scorer = scorer;
        this.column = column;
        this.chunkSize = batchSize * BATCHES_PER_CHUNK;
        this.rowsDone = rowsDone;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        int width = scorer.fields().size();
        return new Iterator<>() {
            private final List<Row> out = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < out.size()) {
                    return true;
                }
                out.clear();
                next = 0;
                if (rows.hasNext()) {
                    scoreChunk(rows, width, out);
                }
                return !out.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.get(next++);
            }
        };
    }

    private void scoreChunk(Iterator<Row> rows, int width, List<Row> out) {
        List<Row> chunk = new ArrayList<>(chunkSize);
        while (chunk.size() < chunkSize && rows.hasNext()) {
            chunk.add(rows.next());
        }
        List<Integer> scored = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            String text = chunk.get(i).isNullAt(column) ? null : chunk.get(i).getString(column);
            if (text != null && !text.isEmpty()) {
                scored.add(i);
                texts.add(text);
            }
        }
        Object[][] values = texts.isEmpty() ? new Object[0][] : scorer.score(texts);
        Object[][] byRow = new Object[chunk.size()][];
        for (int k = 0; k < scored.size(); k++) {
            byRow[scored.get(k)] = values[k];
        }
        for (int i = 0; i < chunk.size(); i++) {
            out.add(append(chunk.get(i), byRow[i] != null ? byRow[i] : new Object[width]));
        }
        if (rowsDone != null) {
            rowsDone.add(chunk.size());
        }
    }

    private static Row append(Row row, Object[] extra) {
        Object[] values = new Object[row.size() + extra.length];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        System.arraycopy(extra, 0, values, row.size(), extra.length);
        return RowFactory.create(values);
    }
}
