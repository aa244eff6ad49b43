package dev.tune4j.train;

import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Frozen-backbone features by text: a frozen backbone maps a text to the same vector in every epoch
 * and every run, so it is computed once and kept in memory and, optionally, on disk.
 *
 * <p>The disk form is one append-only file per (model, pooling, truncation, max length, precision), named
 * by the caller: a header ("T4JF", dimension) then records of SHA-256(text) and the float32 vector. A
 * record cut short by a crash is ignored on the next open; appends take a file lock, so two runs may
 * share it.
 */
public final class FeatureCache {

    private static final int MAGIC = 0x46_4A_34_54; // "T4JF" read little-endian
    private static final int HASH_BYTES = 32;

    private final int dim;
    private final Path file;
    private final Map<String, float[]> vectors = new HashMap<>();

    private FeatureCache(int dim, Path file) {
        this.dim = dim;
        this.file = file;
    }

    /** A cache that lives only as long as this object. */
    public static FeatureCache inMemory(int dim) {
        return new FeatureCache(dim, null);
    }

    /** A cache backed by {@code file}, loaded now and appended to by {@link #putAll}. */
    public static FeatureCache onDisk(Path file, int dim) {
        FeatureCache cache = new FeatureCache(dim, file);
        if (Files.exists(file)) {
            cache.load();
        }
        return cache;
    }

    public int dimension() {
        return dim;
    }

    public int size() {
        return vectors.size();
    }

    /** The key of a text: hex SHA-256 of its UTF-8 bytes. */
    public static String key(String text) {
        return Sha256.ofString(text);
    }

    public float[] get(String key) {
        return vectors.get(key);
    }

    /** Adds vectors (keys as from {@link #key(String)}) and appends them to the file, if any. */
    public void putAll(List<String> keys, List<float[]> values) {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException(keys.size() + " keys but " + values.size() + " vectors");
        }
        ByteBuffer buf = ByteBuffer.allocate(keys.size() * (HASH_BYTES + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < keys.size(); i++) {
            float[] v = values.get(i);
            if (v.length != dim) {
                throw new IllegalArgumentException("vector of length " + v.length + " in a cache of dimension " + dim);
            }
            if (vectors.put(keys.get(i), v) == null) {
                buf.put(HexFormat.of().parseHex(keys.get(i)));
                for (float x : v) {
                    buf.putFloat(x);
                }
            }
        }
        if (file != null && buf.position() > 0) {
            append(buf.flip());
        }
    }

    private void append(ByteBuffer records) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                long size = ch.size();
                if (size == 0) {
                    ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).putInt(dim).flip();
                    ch.write(header, 0);
                    size = 8;
                }
                // Start at a record boundary, dropping a tail that a crashed writer left half-written.
                long end = 8 + (size - 8) / recordBytes() * recordBytes();
                ch.truncate(end);
                ch.position(end);
                while (records.hasRemaining()) {
                    ch.write(records);
                }
                ch.force(false);
            }
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot append features: " + e.getMessage(), e);
        }
    }

    private void load() {
        try {
            ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (all.remaining() < 8 || all.getInt() != MAGIC || all.getInt() != dim) {
                throw new Tune4jException(file + ": not a feature cache of dimension " + dim + "; delete it to rebuild");
            }
            byte[] hash = new byte[HASH_BYTES];
            while (all.remaining() >= recordBytes()) {
                all.get(hash);
                float[] v = new float[dim];
                all.asFloatBuffer().get(v);
                all.position(all.position() + 4 * dim);
                vectors.put(HexFormat.of().formatHex(hash), v);
            }
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read feature cache: " + e.getMessage(), e);
        }
    }

    private long recordBytes() {
        return HASH_BYTES + 4L * dim;
    }
}
