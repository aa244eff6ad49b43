package dev.tune4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feature cache damaged by a crash (a torn tail, garbage inside a record, a torn header) is never
 * read as features: damaged records are skipped, so their texts are computed again, and the next
 * append repairs the file.
 */
class TornFeatureCacheTest {

    private static final int DIM = 8;
    private static final int RECORD = 32 + 4 * DIM + 4;

    @TempDir
    Path tmp;

    private final List<String> keys = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();

    TornFeatureCacheTest() {
        for (int i = 0; i < 10; i++) {
            keys.add(FeatureCache.key("text " + i));
            float[] v = new float[DIM];
            for (int j = 0; j < DIM; j++) {
                v[j] = i * 10 + j;
            }
            vectors.add(v);
        }
    }

    @Test
    void aTruncatedLastRecordIsSkippedThenRecomputedAndTheFileRepaired() throws IOException {
        Path file = filled();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        FeatureCache reopened = FeatureCache.onDisk(file, DIM);
        assertEquals(9, reopened.size());
        assertNull(reopened.get(keys.get(9)), "the torn record is recomputed, not read");
        reopened.putAll(List.of(keys.get(9)), List.of(vectors.get(9)));
        assertEquals(8 + 10L * RECORD, Files.size(file), "the torn tail was cut off before the append");
        assertAllTen(FeatureCache.onDisk(file, DIM));
    }

    @Test
    void garbageInsideARecordIsDetectedByItsChecksum() throws IOException {
        Path file = filled();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            // A crash after the file grew but before its page reached the disk leaves zeros: here in record 4's vector.
            f.seek(8 + 4L * RECORD + 32 + 4);
            f.write(new byte[8]);
        }
        FeatureCache reopened = FeatureCache.onDisk(file, DIM);
        assertEquals(1, reopened.damagedRecords());
        assertNull(reopened.get(keys.get(4)));
        assertArrayEquals(vectors.get(5), reopened.get(keys.get(5)));
        reopened.putAll(List.of(keys.get(4)), List.of(vectors.get(4)));
        FeatureCache repaired = FeatureCache.onDisk(file, DIM);
        assertEquals(1, repaired.damagedRecords(), "the damaged copy stays as dead bytes, skipped");
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(vectors.get(i), repaired.get(keys.get(i)), "vector " + i);
        }
    }

    @Test
    void aTornHeaderDiscardsTheFile() throws IOException {
        Path file = filled();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(0);
            f.write(new byte[4]);
        }
        FeatureCache reopened = FeatureCache.onDisk(file, DIM);
        assertEquals(0, reopened.size());
        reopened.putAll(keys, vectors);
        assertEquals(8 + 10L * RECORD, Files.size(file));
        assertAllTen(FeatureCache.onDisk(file, DIM));
    }

    private Path filled() {
        Path file = tmp.resolve("features.f32c");
        FeatureCache cache = FeatureCache.onDisk(file, DIM);
        cache.putAll(keys.subList(0, 5), vectors.subList(0, 5));
        cache.putAll(keys.subList(5, 10), vectors.subList(5, 10));
        return file;
    }

    private void assertAllTen(FeatureCache cache) {
        assertEquals(10, cache.size());
        assertEquals(0, cache.damagedRecords());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(vectors.get(i), cache.get(keys.get(i)), "vector " + i);
        }
    }
}
