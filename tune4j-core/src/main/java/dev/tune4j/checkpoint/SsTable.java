package dev.tune4j.checkpoint;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reader of the LevelDB table format that TensorFlow uses for checkpoint indexes.
 *
 * <p>Layout: data blocks, a metaindex block, an index block whose values point at the data blocks, and
 * a 48-byte footer (two block handles, padding, magic). Each block is followed by a compression byte
 * and a masked CRC32C of block and byte. Keys inside a block share prefixes with the previous key.
 * Only uncompressed tables are read: TensorFlow writes bundle indexes without compression.
 */
final class SsTable {

    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_BYTES = 48;
    static final int BLOCK_TRAILER_BYTES = 5;

    private final Path file;
    private final byte[] bytes;

    private SsTable(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** All entries in key order, keys decoded as UTF-8. */
    static Map<String, byte[]> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Tune4jException(file + ": file not found");
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read: " + e.getMessage(), e);
        }
        return new SsTable(file, bytes).entries();
    }

    private Map<String, byte[]> entries() {
        ProtoReader footer = footer();
        handle(footer); // metaindex: TensorFlow writes no filter or stats blocks that we need
        byte[] index = block(handle(footer));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        forEachEntry(index, (key, value) -> {
            byte[] data = block(handle(new ProtoReader(value)));
            forEachEntry(data, (dataKey, dataValue) -> {
                String name = new String(dataKey, StandardCharsets.UTF_8);
                if (entries.put(name, dataValue) != null) {
                    throw fail("key '" + name + "' appears twice (corrupted file?)");
                }
            });
        });
        return entries;
    }

    private ProtoReader footer() {
        if (bytes.length < FOOTER_BYTES) {
            throw fail("file is " + bytes.length + " bytes, too short for a checkpoint index footer");
        }
        ProtoReader magic = new ProtoReader(bytes, bytes.length - 8, 8);
        long found = magic.readFixed64();
        if (found != MAGIC) {
            throw fail("not a TensorFlow checkpoint index: footer magic is 0x" + Long.toHexString(found)
                    + ", expected 0x" + Long.toHexString(MAGIC));
        }
        return new ProtoReader(bytes, bytes.length - FOOTER_BYTES, FOOTER_BYTES - 8);
    }

    private long[] handle(ProtoReader reader) {
        try {
            return new long[] {reader.readVarint(), reader.readVarint()};
        } catch (IllegalArgumentException e) {
            throw fail("malformed block handle: " + e.getMessage());
        }
    }

    /** The block's contents after checking bounds, compression byte and CRC. */
    private byte[] block(long[] handle) {
        long offset = handle[0];
        long size = handle[1];
        // Compared without adding, since a hostile varint makes offset + size overflow (found by fuzzing).
        if (offset < 0 || size < 0 || offset > bytes.length || size > bytes.length - offset - BLOCK_TRAILER_BYTES) {
            throw fail("block at offset " + offset + " with " + size + " bytes lies outside the "
                    + bytes.length + "-byte file (truncated file?)");
        }
        int start = (int) offset;
        int length = (int) size;
        int compression = bytes[start + length];
        int stored = new ProtoReader(bytes, start + length + 1, 4).readFixed32();
        if (Crc32c.masked(bytes, start, length + 1) != stored) {
            throw fail("block at offset " + offset + " fails its CRC32C check (corrupted file?)");
        }
        if (compression != 0) {
            throw fail("block at offset " + offset + " uses compression type " + compression
                    + "; only uncompressed checkpoint indexes are supported");
        }
        return Arrays.copyOfRange(bytes, start, start + length);
    }

    private interface EntryConsumer {
        void accept(byte[] key, byte[] value);
    }

    private void forEachEntry(byte[] block, EntryConsumer consumer) {
        try {
            if (block.length < 4) {
                throw new IllegalArgumentException("block of " + block.length + " bytes has no restart count");
            }
            int restarts = new ProtoReader(block, block.length - 4, 4).readFixed32();
            long entriesEnd = block.length - 4L * (restarts + 1L);
            if (restarts < 0 || entriesEnd < 0) {
                throw new IllegalArgumentException(restarts + " restarts do not fit " + block.length + " bytes");
            }
            ProtoReader reader = new ProtoReader(block, 0, (int) entriesEnd);
            byte[] key = new byte[0];
            while (reader.hasMore()) {
                int shared = reader.readLength();
                int unshared = reader.readLength();
                int valueLength = reader.readLength();
                if (shared > key.length) {
                    throw new IllegalArgumentException("entry shares " + shared + " bytes of a "
                            + key.length + "-byte key");
                }
                byte[] next = Arrays.copyOf(key, shared + unshared);
                System.arraycopy(reader.readBytes(unshared), 0, next, shared, unshared);
                key = next;
                consumer.accept(key, reader.readBytes(valueLength));
            }
        } catch (IllegalArgumentException e) {
            throw fail("malformed block: " + e.getMessage());
        }
    }

    private Tune4jException fail(String problem) {
        return new Tune4jException(file + ": " + problem);
    }
}
