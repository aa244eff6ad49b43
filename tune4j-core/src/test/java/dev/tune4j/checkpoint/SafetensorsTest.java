package dev.tune4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryDtypeAndMetadata() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (DType dtype : DType.values()) {
            tensors.put("t_" + dtype, patterned(dtype, new long[] {2, 3}));
        }
        tensors.put("scalar", HostTensor.ofFloats(new long[0], new float[] {1.5f}));
        tensors.put("empty", HostTensor.ofFloats(new long[] {0, 4}, new float[0]));
        Path file = dir.resolve("all.safetensors");

        Safetensors.write(file, tensors, Map.of("format", "pt"));
        SafetensorsFile read = Safetensors.read(file);

        assertEquals(tensors, read.tensors());
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertEquals(List.copyOf(new TreeSet<>(tensors.keySet())), List.copyOf(read.tensors().keySet()));
    }

    @Test
    void headerIsPaddedWithSpacesToEightBytes() throws IOException {
        Path file = dir.resolve("pad.safetensors");
        Safetensors.write(file, Map.of("a", HostTensor.ofFloats(new long[] {1}, new float[] {2f})), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLength % 8);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), header);
    }

    @Test
    void tensorsAreViewsOfTheMapNotCopies() {
        Path file = dir.resolve("view.safetensors");
        Safetensors.write(file, Map.of("a", HostTensor.ofFloats(new long[] {2}, new float[] {1f, 2f})), Map.of());
        ByteBuffer data = Safetensors.read(file).tensor("a").data();
        assertTrue(data.isDirect());
        assertTrue(data.isReadOnly());
        assertArrayEquals(new float[] {1f, 2f}, Safetensors.read(file).tensor("a").toFloatArray());
    }

    @Test
    void writeLeavesNoTemporaryFiles() throws IOException {
        Safetensors.write(dir.resolve("x.safetensors"),
                Map.of("a", HostTensor.ofFloats(new long[] {1}, new float[] {1f})), Map.of());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("x.safetensors"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void rejectsHeaderLengthLargerThanTheFile() throws IOException {
        Path file = validFile("flipped.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        bytes[6] ^= 0x40;
        Files.write(file, bytes);
        assertFails(file, "header length");
    }

    @Test
    void rejectsTruncatedFile() throws IOException {
        Path file = validFile("truncated.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        assertFails(file, "truncated file?");
    }

    @Test
    void rejectsFileShorterThanTheLengthField() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertFails(file, "too short");
    }

    @Test
    void rejectsBadJson() throws IOException {
        assertFails(rawFile("badjson.safetensors", "{\"a\":{\"dtype\":\"F32\",", new byte[0]), "not valid");
    }

    @Test
    void rejectsOverlappingTensors() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Tune4jException e = assertFails(rawFile("overlap.safetensors", header, new byte[12]), "overlap");
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("'b'"), e.getMessage());
    }

    @Test
    void rejectsDuplicateTensorNames() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertFails(rawFile("dup.safetensors", header, new byte[8]), "duplicate tensor name 'a'");
    }

    @Test
    void rejectsOffsetsOutsideTheDataSection() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[5000,5004]}}";
        assertFails(rawFile("outside.safetensors", header, new byte[4]),
                "tensor 'a' ends at byte 5004 but the data section has 4 bytes");
    }

    @Test
    void rejectsNegativeOffsets() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}";
        assertFails(rawFile("negative.safetensors", header, new byte[4]), "invalid data_offsets");
    }

    @Test
    void rejectsByteCountThatDisagreesWithShape() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertFails(rawFile("short.safetensors", header, new byte[8]), "needs 12");
    }

    @Test
    void rejectsMissingFields() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}";
        assertFails(rawFile("noshape.safetensors", header, new byte[4]), "needs dtype, shape and data_offsets");
    }

    @Test
    void rejectsUnknownDtype() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        assertFails(rawFile("f8.safetensors", header, new byte[1]), "unsupported dtype 'F8'");
    }

    @Test
    void reportsMissingFileByName() {
        assertFails(dir.resolve("absent.safetensors"), "file not found");
    }

    private Tune4jException assertFails(Path file, String expected) {
        Tune4jException e = assertThrows(Tune4jException.class, () -> Safetensors.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file.toString() + ": "), message);
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("\n"), message);
        return e;
    }

    private Path validFile(String name) {
        Path file = dir.resolve(name);
        Safetensors.write(file, Map.of("x", HostTensor.ofFloats(new long[] {4}, new float[] {1, 2, 3, 4})),
                Map.of());
        return file;
    }

    private Path rawFile(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json).put(data);
        Path file = dir.resolve(name);
        Files.write(file, bytes.array());
        return file;
    }

    static HostTensor patterned(DType dtype, long[] shape) {
        long numel = 1;
        for (long d : shape) {
            numel *= d;
        }
        byte[] bytes = new byte[(int) numel * dtype.byteSize()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37 + dtype.ordinal());
        }
        return new HostTensor(dtype, shape, ByteBuffer.wrap(bytes));
    }
}
