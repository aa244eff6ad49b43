package dev.tune4j.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-only writer of a single-shard TensorBundle: one data block (prefix-compressed keys, a restart
 * every {@value #RESTART_INTERVAL} entries), an empty metaindex block, an index block and the footer,
 * each block with its compression byte and masked CRC32C, as TensorFlow's table builder writes them.
 */
final class TensorBundleWriter {

    static final int RESTART_INTERVAL = 2;

    private TensorBundleWriter() {}

    /** Writes {@code prefix.index} and {@code prefix.data-00000-of-00001}; returns the index path. */
    static Path write(Path dir, String prefix, Map<String, HostTensor> tensors) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("", header());
        for (Map.Entry<String, HostTensor> e : new TreeMap<>(tensors).entrySet()) {
            byte[] bytes = bytes(e.getValue().data());
            entries.put(e.getKey(), entry(e.getValue(), data.size(), bytes));
            data.write(bytes);
        }
        Files.write(dir.resolve(prefix + ".data-00000-of-00001"), data.toByteArray());
        Path index = dir.resolve(prefix + ".index");
        Files.write(index, table(entries));
        return index;
    }

    private static byte[] table(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] dataHandle = writeBlock(out, block(entries));
        long[] metaHandle = writeBlock(out, block(Map.of()));
        String lastKey = ((TreeMap<String, byte[]>) entries).lastKey();
        Proto handle = new Proto().varint(dataHandle[0]).varint(dataHandle[1]);
        long[] indexHandle = writeBlock(out, block(Map.of(lastKey, handle.bytes())));
        Proto footer = new Proto().varint(metaHandle[0]).varint(metaHandle[1])
                .varint(indexHandle[0]).varint(indexHandle[1]);
        byte[] footerBytes = new byte[SsTable.FOOTER_BYTES];
        System.arraycopy(footer.bytes(), 0, footerBytes, 0, footer.bytes().length);
        ByteBuffer.wrap(footerBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(40, SsTable.MAGIC);
        out.write(footerBytes);
        return out.toByteArray();
    }

    private static byte[] block(Map<String, byte[]> entries) {
        Proto block = new Proto();
        List<Integer> restarts = new ArrayList<>();
        byte[] previous = new byte[0];
        int count = 0;
        for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            if (count++ % RESTART_INTERVAL == 0) {
                restarts.add(block.size());
            } else {
                while (shared < Math.min(key.length, previous.length) && key[shared] == previous[shared]) {
                    shared++;
                }
            }
            block.varint(shared).varint(key.length - shared).varint(e.getValue().length);
            block.raw(Arrays.copyOfRange(key, shared, key.length)).raw(e.getValue());
            previous = key;
        }
        if (restarts.isEmpty()) {
            restarts.add(0);
        }
        restarts.forEach(block::fixed32);
        return block.fixed32(restarts.size()).bytes();
    }

    private static long[] writeBlock(ByteArrayOutputStream out, byte[] block) throws IOException {
        long offset = out.size();
        byte[] withType = Arrays.copyOf(block, block.length + 1);
        out.write(withType);
        out.write(new Proto().fixed32(Crc32c.masked(withType, 0, withType.length)).bytes());
        return new long[] {offset, block.length};
    }

    private static byte[] header() {
        Proto version = new Proto().tag(1, 0).varint(1);
        return new Proto().tag(1, 0).varint(1).tag(2, 0).varint(0).tag(3, 2).message(version).bytes();
    }

    private static byte[] entry(HostTensor tensor, long offset, byte[] bytes) {
        Proto shape = new Proto();
        for (long d : tensor.shape()) {
            shape.tag(2, 2).message(new Proto().tag(1, 0).varint(d));
        }
        return new Proto()
                .tag(1, 0).varint(tfDtype(tensor.dtype()))
                .tag(2, 2).message(shape)
                .tag(4, 0).varint(offset)
                .tag(5, 0).varint(bytes.length)
                .tag(6, 5).fixed32(Crc32c.masked(bytes, 0, bytes.length))
                .tag(99, 0).varint(7) // an unknown field the reader must skip
                .bytes();
    }

    private static int tfDtype(DType dtype) {
        return switch (dtype) {
            case F32 -> 1;
            case F64 -> 2;
            case I32 -> 3;
            case I64 -> 9;
            case BF16 -> 14;
            case F16 -> 19;
            default -> throw new IllegalArgumentException(dtype.toString());
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    /** Minimal protobuf / LevelDB encoder. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto tag(int field, int wireType) {
            return varint((long) field << 3 | wireType);
        }

        Proto varint(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }

        Proto fixed32(int value) {
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
            return this;
        }

        /** A length-delimited UTF-8 string (after its tag). */
        Proto string(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return varint(bytes.length).raw(bytes);
        }

        Proto message(Proto inner) {
            byte[] bytes = inner.bytes();
            return varint(bytes.length).raw(bytes);
        }

        Proto raw(byte[] bytes) {
            out.write(bytes, 0, bytes.length);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
