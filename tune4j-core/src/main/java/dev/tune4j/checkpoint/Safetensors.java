package dev.tune4j.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.AtomicFiles;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>Reading maps the file and checks every range before any tensor is handed out, so a truncated
 * download fails here with the file's name instead of as a crash deep inside a forward pass.
 */
public final class Safetensors {

    /** The reference implementation's limit; a larger "length" means the file is not safetensors. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int WRITE_CHUNK_BYTES = 8 << 20;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Safetensors() {}

    public static SafetensorsFile read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw fail(file, "file is " + size + " bytes; files over 2 GiB are not supported yet");
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return parse(file, map.order(ByteOrder.LITTLE_ENDIAN));
        } catch (NoSuchFileException e) {
            throw fail(file, "file not found");
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a whole file's bytes, {@code map} little-endian; package-private for the fuzz test. */
    static SafetensorsFile parse(Path file, ByteBuffer map) {
        long size = map.capacity();
        if (size < 8) {
            throw fail(file, "file is " + size + " bytes, too short for a safetensors header");
        }
        long headerLength = map.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
            throw fail(file, "header length " + Long.toUnsignedString(headerLength) + " does not fit the "
                    + size + "-byte file (not a safetensors file, or truncated?)");
        }
        int dataStart = 8 + (int) headerLength;
        SafetensorsHeader header;
        try {
            header = SafetensorsHeader.parse(utf8(map.slice(8, (int) headerLength)));
        } catch (IllegalArgumentException e) {
            throw fail(file, e.getMessage());
        }
        ByteBuffer data = map.slice(dataStart, (int) (size - dataStart));
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry entry : checkedEntries(file, header.entries(), data.capacity())) {
            DType dtype = DType.fromSafetensorsName(entry.dtype()).orElseThrow();
            ByteBuffer bytes = data.slice((int) entry.begin(), (int) (entry.end() - entry.begin()));
            tensors.put(entry.name(), new HostTensor(dtype, entry.shape(), bytes));
        }
        return new SafetensorsFile(file, tensors, header.metadata());
    }

    private static List<SafetensorsHeader.Entry> checkedEntries(
            Path file, List<SafetensorsHeader.Entry> entries, long dataBytes) {
        for (SafetensorsHeader.Entry entry : entries) {
            checkEntry(file, entry, dataBytes);
        }
        List<SafetensorsHeader.Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(SafetensorsHeader.Entry::begin)
                .thenComparingLong(SafetensorsHeader.Entry::end));
        for (int i = 1; i < byOffset.size(); i++) {
            SafetensorsHeader.Entry previous = byOffset.get(i - 1);
            SafetensorsHeader.Entry next = byOffset.get(i);
            if (next.begin() < previous.end()) {
                throw fail(file, "tensors '" + previous.name() + "' " + range(previous) + " and '"
                        + next.name() + "' " + range(next) + " overlap");
            }
        }
        return entries;
    }

    private static void checkEntry(Path file, SafetensorsHeader.Entry entry, long dataBytes) {
        String tensor = "tensor '" + entry.name() + "'";
        DType dtype = DType.fromSafetensorsName(entry.dtype()).orElseThrow(() -> fail(file,
                tensor + " has unsupported dtype '" + entry.dtype() + "'; supported: "
                        + Arrays.toString(DType.values())));
        long needed;
        try {
            needed = Math.multiplyExact(numel(entry.shape()), dtype.byteSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw fail(file, tensor + " has invalid shape " + Arrays.toString(entry.shape()));
        }
        if (entry.begin() < 0 || entry.end() < entry.begin()) {
            throw fail(file, tensor + " has invalid data_offsets " + range(entry));
        }
        if (entry.end() > dataBytes) {
            throw fail(file, tensor + " ends at byte " + entry.end() + " but the data section has "
                    + dataBytes + " bytes (truncated file?)");
        }
        if (entry.end() - entry.begin() != needed) {
            throw fail(file, tensor + " has " + (entry.end() - entry.begin()) + " bytes at data_offsets "
                    + range(entry) + " but " + dtype + " " + Arrays.toString(entry.shape()) + " needs "
                    + needed);
        }
    }

    /**
     * Writes tensors in name order, then renames a temporary file over {@code file} so readers never
     * see a half-written checkpoint. Empty metadata writes no {@code __metadata__} entry.
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
        Map<String, HostTensor> sorted = new TreeMap<>(tensors);
        byte[] header = headerBytes(sorted, metadata);
        long bytes = 8L + header.length + sorted.values().stream().mapToLong(HostTensor::byteSize).sum();
        try {
            AtomicFiles.write(file, bytes, out -> {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                length.putLong(0, header.length);
                writeFully(out, length);
                writeFully(out, ByteBuffer.wrap(header));
                for (HostTensor tensor : sorted.values()) {
                    writeFully(out, tensor.data().duplicate());
                }
            });
        } catch (IOException e) {
            throw new Tune4jException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static byte[] headerBytes(Map<String, HostTensor> sorted, Map<String, String> metadata) {
        JsonObject json = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            json.add(SafetensorsHeader.METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> entry : sorted.entrySet()) {
            if (entry.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("'" + SafetensorsHeader.METADATA_KEY
                        + "' is reserved and cannot name a tensor");
            }
            HostTensor tensor = entry.getValue();
            JsonObject info = new JsonObject();
            info.addProperty("dtype", tensor.dtype().safetensorsName());
            info.add("shape", longs(tensor.shape()));
            info.add("data_offsets", longs(offset, offset + tensor.byteSize()));
            json.add(entry.getKey(), info);
            offset += tensor.byteSize();
        }
        byte[] text = GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
        // Like the reference writer: pad with spaces so the data section starts 8-byte aligned.
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static JsonArray longs(long... values) {
        JsonArray array = new JsonArray();
        for (long value : values) {
            array.add(value);
        }
        return array;
    }

    /** Writes in chunks so heap buffers are not copied whole into one temporary direct buffer. */
    private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            ByteBuffer chunk = data.slice(data.position(), Math.min(WRITE_CHUNK_BYTES, data.remaining()));
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            data.position(data.position() + chunk.capacity());
        }
    }

    private static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("header is not valid UTF-8");
        }
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static String range(SafetensorsHeader.Entry entry) {
        return "[" + entry.begin() + ", " + entry.end() + "]";
    }

    private static Tune4jException fail(Path file, String problem) {
        return new Tune4jException(file + ": " + problem);
    }
}
