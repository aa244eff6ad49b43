package dev.tune4j.checkpoint;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streaming parser of the safetensors JSON header.
 *
 * <p>It uses {@link JsonReader} rather than a tree because Gson's tree keeps the last of two equal keys
 * without a word, and a file with two tensors of the same name must be rejected, not half-read.
 * Problems are reported as {@link IllegalArgumentException}s that the caller prefixes with the file.
 */
final class SafetensorsHeader {

    static final String METADATA_KEY = "__metadata__";

    /** One tensor as the header describes it, before it is checked against the data section. */
    record Entry(String name, String dtype, long[] shape, long begin, long end) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private SafetensorsHeader() {}

    List<Entry> entries() {
        return entries;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    static SafetensorsHeader parse(String json) {
        SafetensorsHeader header = new SafetensorsHeader();
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setLenient(false);
            reader.beginObject();
            Set<String> seen = new HashSet<>();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("duplicate tensor name '" + name + "' in the header");
                }
                if (name.equals(METADATA_KEY)) {
                    header.readMetadata(reader);
                } else {
                    header.entries.add(readEntry(name, reader));
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("header has data after its JSON object");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("header is not valid safetensors JSON: " + firstLine(e), e);
        }
        return header;
    }

    private void readMetadata(JsonReader reader) throws IOException {
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            if (metadata.containsKey(key)) {
                throw new IllegalArgumentException("duplicate metadata key '" + key + "' in the header");
            }
            metadata.put(key, reader.nextString());
        }
        reader.endObject();
    }

    private static Entry readEntry(String name, JsonReader reader) throws IOException {
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        reader.beginObject();
        while (reader.hasNext()) {
            switch (reader.nextName()) {
                case "dtype" -> dtype = reader.nextString();
                case "shape" -> shape = readLongs(reader);
                case "data_offsets" -> offsets = readLongs(reader);
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        if (dtype == null || shape == null || offsets == null) {
            throw new IllegalArgumentException("tensor '" + name
                    + "' needs dtype, shape and data_offsets in the header");
        }
        if (offsets.length != 2) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + offsets.length
                    + " data_offsets, expected [begin, end]");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] readLongs(JsonReader reader) throws IOException {
        List<Long> values = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
            values.add(reader.nextLong());
        }
        reader.endArray();
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Gson appends a troubleshooting link on a second line; tune4j messages are one line. */
    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
