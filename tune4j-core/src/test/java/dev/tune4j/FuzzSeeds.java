package dev.tune4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small valid inputs the fuzzers start from, shared by the seed writer of each package. */
public final class FuzzSeeds {

    private FuzzSeeds() {}

    /** Where Jazzer looks for a fuzz test's corpus in regression mode. */
    public static Path inputs(Class<?> test, String method) {
        return Path.of("src/test/resources").resolve(test.getPackageName().replace('.', '/'))
                .resolve(test.getSimpleName() + "Inputs").resolve(method);
    }

    public static void write(Class<?> test, String method, String name, byte[] bytes) throws IOException {
        Path dir = inputs(test, method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An uncompressed tar of {@code files} (name to content), regular files only. */
    public static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : files.entrySet()) {
            tarEntry(bytes, f.getKey(), '0', "", utf8(f.getValue()), -1);
        }
        bytes.write(new byte[1024]);
        return bytes.toByteArray();
    }

    /**
     * Appends one ustar entry, written by hand so that tests can craft what no tar tool would write: a
     * {@code type} '0' file, '1' hard link or '2' symbolic link to {@code link}; {@code declaredSize}
     * other than -1 is put in the header instead of the content's length.
     */
    public static void tarEntry(ByteArrayOutputStream out, String name, char type, String link, byte[] content,
                                long declaredSize) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, 100, utf8(name));
        put(h, 100, 8, utf8("0000644"));
        put(h, 108, 8, utf8("0000000"));
        put(h, 116, 8, utf8("0000000"));
        put(h, 124, 12, utf8(String.format("%011o", declaredSize >= 0 ? declaredSize : content.length)));
        put(h, 136, 12, utf8("00000000000"));
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, 100, utf8(link));
        put(h, 257, 6, utf8("ustar"));
        put(h, 263, 2, utf8("00"));
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, utf8(String.format("%06o", sum) + "\0 "));
        out.write(h);
        out.write(content);
        out.write(new byte[(512 - content.length % 512) % 512]);
    }

    private static void put(byte[] header, int at, int length, byte[] value) {
        System.arraycopy(value, 0, header, at, Math.min(length, value.length));
    }

    /** A zip of {@code files} (name to content). */
    public static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Runs only with -Dtune4j.writeFuzzSeeds=true (from tune4j-core): the committed corpus is its output. */
    public static boolean enabled() {
        return Boolean.getBoolean("tune4j.writeFuzzSeeds");
    }

    static Function<String, byte[]> identity() {
        return FuzzSeeds::utf8;
    }
}
