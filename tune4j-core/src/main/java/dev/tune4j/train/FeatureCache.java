package dev.tune4j.train;

import dev.tune4j.AtomicFiles;
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
import java.util.zip.CRC32C;

/**
 * Frozen-backbone features by text: a frozen backbone maps a text to the same vector in every epoch
 * and every run, so it is computed once and kept in memory and, optionally, on disk.
 *
 * <p>The disk form is one append-only file per (model, pooling, truncation, max length, precision), named
 * by the caller: a header ("T4JC", dimension) then records of SHA-256(text), the float32 vector and a
 * CRC-32C of both. A record that a crash cut short or left with garbage fails its checksum: it is
 * skipped on load (so its text is computed again), and the next append cuts a damaged tail off. A
 * file with a damaged header is discarded whole. Appends take a file lock, so two runs may share it.
 */
public final class FeatureCache {

    private static final int MAGIC = 0x43_4A_34_54; // "T4JC" read little-endian
    private static final int HASH_BYTES = 32;
    private static final int HEADER_BYTES = 8;

    private final int dim;
    private final Path file;
    private final Map<String, float[]> vectors = new HashMap<>();
    private int damaged;

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

    /** Records skipped on the last load because their checksum failed (a torn or damaged file). */
    public int damagedRecords() {
        return damaged;
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
        ByteBuffer buf = ByteBuffer.allocate(keys.size() * (int) recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < keys.size(); i++) {
            float[] v = values.get(i);
            if (v.length != dim) {
                throw new IllegalArgumentException("vector of length " + v.length + " in a cache of dimension " + dim);
            }
            if (vectors.put(keys.get(i), v) == null) {
                int start = buf.position();
                buf.put(HexFormat.of().parseHex(keys.get(i)));
                for (float x : v) {
                    buf.putFloat(x);
                }
                buf.putInt(crc(buf, start));
            }
        }
        if (file != null && buf.position() > 0) {
            append(buf.flip());
        }
    }

    private void append(ByteBuffer records) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                long end = validEnd(ch);
                if (end == 0) {
                    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(MAGIC).putInt(dim).flip();
                    ch.truncate(0);
                    ch.write(header, 0);
                    end = HEADER_BYTES;
                }
                // Start after the last whole, checksummed record, dropping a tail a crashed writer left.
                ch.truncate(end);
                ch.position(end);
                ByteBuffer firstHalf = records.slice(0, records.remaining() / 2);
                while (firstHalf.hasRemaining()) {
                    ch.write(firstHalf);
                }
                records.position(records.remaining() / 2);
                AtomicFiles.testPause(); // a kill here leaves a torn tail, which checksums catch
                while (records.hasRemaining()) {
                    ch.write(records);
                }
                ch.force(false);
            }
        } catch (IOException e) {
            if (AtomicFiles.noSpace(e)) {
                throw new Tune4jException(file + ": no space left on the device to cache " + records.limit()
                        + " bytes of features; free space, then run again (what was cached is kept)", e);
            }
            throw new Tune4jException(file + ": cannot append features: " + e.getMessage(), e);
        }
    }

    /** The end of the last record whose checksum holds, scanning back from the end; 0 for a bad header. */
    private long validEnd(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (size < HEADER_BYTES || ch.read(header, 0) < HEADER_BYTES
                || header.getInt(0) != MAGIC || header.getInt(4) != dim) {
            return 0;
        }
        long end = HEADER_BYTES + (size - HEADER_BYTES) / recordBytes() * recordBytes();
        ByteBuffer record = ByteBuffer.allocate((int) recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
        while (end > HEADER_BYTES) {
            record.clear();
            ch.read(record, end - recordBytes());
            if (checksumHolds(record.flip())) {
                break;
            }
            end -= recordBytes();
        }
        return end;
    }

    private void load() {
        try {
            ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (all.remaining() < HEADER_BYTES || all.getInt() != MAGIC || all.getInt() != dim) {
                // A torn header or a file of another format: everything is computed again and rewritten.
                damaged = Math.max(1, all.capacity() / (int) recordBytes());
                return;
            }
            byte[] hash = new byte[HASH_BYTES];
            while (all.remaining() >= recordBytes()) {
                ByteBuffer record = all.slice(all.position(), (int) recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
                all.position(all.position() + (int) recordBytes());
                if (!checksumHolds(record)) {
                    damaged++;
                    continue;
                }
                record.get(hash);
                float[] v = new float[dim];
                record.asFloatBuffer().get(v);
                vectors.put(HexFormat.of().formatHex(hash), v);
            }
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read feature cache: " + e.getMessage(), e);
        }
    }

    private boolean checksumHolds(ByteBuffer record) {
        return crc(record, 0) == record.getInt((int) recordBytes() - 4);
    }

    /** CRC-32C of the {@code HASH_BYTES + 4 * dim} bytes of a record starting at {@code start}. */
    private int crc(ByteBuffer buf, int start) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(start, HASH_BYTES + 4 * dim));
        return (int) crc.getValue();
    }

    private long recordBytes() {
        return HASH_BYTES + 4L * dim + 4;
    }
}
