package dev.tune4j.checkpoint;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reader of TensorFlow TensorBundle checkpoints ({@code variables.index} plus
 * {@code variables.data-00000-of-00001}), the format of SavedModels and TF-Hub modules.
 *
 * <p>The index is an {@link SsTable} mapping each variable name to a {@code BundleEntryProto}
 * (dtype, shape, shard, offset, size, masked CRC32C); the key "" holds the bundle header. Data
 * shards are memory-mapped and every tensor's CRC is checked, so a corrupted download fails here
 * with the tensor's name rather than producing a model that silently predicts garbage.
 */
public final class TfBundle {

    private static final String INDEX_SUFFIX = ".index";

    private final Path index;
    private final String prefix;
    private final int numShards;
    private final Map<Integer, ByteBuffer> shards = new HashMap<>();

    private TfBundle(Path index, int numShards) {
        this.index = index;
        String name = index.getFileName().toString();
        this.prefix = name.substring(0, name.length() - INDEX_SUFFIX.length());
        this.numShards = numShards;
    }

    /** Tensors keyed by TensorFlow variable name, in the index's (sorted) order. */
    public static Map<String, HostTensor> read(Path index) {
        if (!index.getFileName().toString().endsWith(INDEX_SUFFIX)) {
            throw new Tune4jException(index + ": a TensorBundle index file name ends in '.index'");
        }
        Map<String, byte[]> entries = SsTable.read(index);
        BundleEntry.Header header = parseHeader(index, entries.remove(""));
        TfBundle bundle = new TfBundle(index, header.numShards());
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        entries.forEach((name, value) -> tensors.put(name, bundle.tensor(name, value)));
        return tensors;
    }

    private static BundleEntry.Header parseHeader(Path index, byte[] bytes) {
        if (bytes == null) {
            return new BundleEntry.Header(1, false);
        }
        BundleEntry.Header header;
        try {
            header = BundleEntry.Header.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new Tune4jException(index + ": malformed bundle header: " + e.getMessage());
        }
        if (header.bigEndian()) {
            throw new Tune4jException(index + ": checkpoint was written big-endian; only little-endian is supported");
        }
        if (header.numShards() < 1) {
            throw new Tune4jException(index + ": bundle header claims " + header.numShards() + " shards");
        }
        return header;
    }

    private HostTensor tensor(String name, byte[] value) {
        String tensor = "tensor '" + name + "'";
        BundleEntry entry;
        try {
            entry = BundleEntry.parse(value);
        } catch (IllegalArgumentException e) {
            throw fail(index, tensor + " has a malformed entry: " + e.getMessage());
        }
        if (entry.sliced()) {
            throw fail(index, tensor + " is stored as partitioned slices, which are not supported");
        }
        DType dtype = entry.dtype().orElseThrow(() -> fail(index, tensor + " has TensorFlow dtype "
                + entry.tfDtype() + ", which tune4j cannot load"));
        if (entry.shardId() < 0 || entry.shardId() >= numShards) {
            throw fail(index, tensor + " is in shard " + entry.shardId() + " of " + numShards);
        }
        long needed = expectedBytes(tensor, dtype, entry.shape());
        if (entry.size() != needed) {
            throw fail(index, tensor + " has " + entry.size() + " bytes but " + dtype + " "
                    + Arrays.toString(entry.shape()) + " needs " + needed);
        }
        Path dataFile = dataFile(entry.shardId());
        ByteBuffer shard = shard(entry.shardId());
        if (entry.offset() < 0 || entry.offset() + entry.size() > shard.capacity()) {
            throw fail(dataFile, tensor + " ends at byte " + (entry.offset() + entry.size()) + " but the file has "
                    + shard.capacity() + " bytes (truncated file?)");
        }
        ByteBuffer bytes = shard.slice((int) entry.offset(), (int) entry.size());
        if (Crc32c.masked(bytes) != entry.crc32c()) {
            throw fail(dataFile, tensor + " fails its CRC32C check (corrupted file?)");
        }
        return new HostTensor(dtype, entry.shape(), bytes);
    }

    private long expectedBytes(String tensor, DType dtype, long[] shape) {
        long n = dtype.byteSize();
        for (long d : shape) {
            if (d < 0) {
                throw fail(index, tensor + " has unknown dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private Path dataFile(int shard) {
        return index.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix, shard, numShards));
    }

    private ByteBuffer shard(int id) {
        return shards.computeIfAbsent(id, this::map);
    }

    private ByteBuffer map(int id) {
        Path file = dataFile(id);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw fail(file, "data shard is " + channel.size() + " bytes; shards over 2 GiB are not supported yet");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (NoSuchFileException e) {
            throw fail(file, "data file not found (it belongs next to " + index.getFileName() + ")");
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Tune4jException fail(Path file, String problem) {
        return new Tune4jException(file + ": " + problem);
    }
}
