package dev.tune4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The one way tune4j writes a file: into a temporary sibling, forced to disk, renamed over the target
 * atomically, then the directory forced too. A reader, or a process started after a kill -9 or a power
 * cut, sees the old file or the new one, never a mix or a prefix.
 *
 * <p>A full disk ends in a one-line {@link Tune4jException} naming the file, the bytes it needed and the
 * bytes free, and leaves the previous file untouched.
 */
public final class AtomicFiles {

    /** Produces a file's bytes on a channel positioned at 0. */
    public interface ChannelWriter {
        void writeTo(FileChannel out) throws IOException;
    }

    /** Produces a file's bytes on a stream. */
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Test seam for the kill -9 test: milliseconds to pause after a file is created and before its bytes
     * are written, so that kills land inside writes. 0 (no pause) unless the system property
     * {@code tune4j.test.writePauseMillis} says otherwise.
     */
    static final long WRITE_PAUSE_MILLIS = Long.getLong("tune4j.test.writePauseMillis", 0);

    private AtomicFiles() {}

    /** The test seam's pause (see {@link #WRITE_PAUSE_MILLIS}); also used by appends outside this class. */
    public static void testPause() {
        if (WRITE_PAUSE_MILLIS > 0) {
            try {
                Thread.sleep(WRITE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writes {@code target} through {@code writer}; {@code expectedBytes} (or -1) only words a full-disk error. */
    public static void write(Path target, long expectedBytes, ChannelWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stick to the final file.
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                testPause(); // a file written in place would now be empty: the kill -9 test's window
                writer.writeTo(out);
                out.force(true);
            } catch (IOException e) {
                if (noSpace(e)) {
                    throw fullDisk(target, expectedBytes, temp, e);
                }
                throw e;
            }
            move(temp, target);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static void write(Path target, StreamWriter writer) throws IOException {
        write(target, -1, out -> {
            OutputStream stream = Channels.newOutputStream(out);
            writer.writeTo(stream);
            stream.flush();
        });
    }

    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, bytes.length, out -> {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        });
    }

    /**
     * Renames a fully written directory {@code temp} to {@code target}, which must not exist, after
     * forcing every file in it to disk, then forces the parent so that the rename survives a crash.
     */
    public static void moveDirectory(Path temp, Path target) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(temp)) {
            for (Path p : paths.toList()) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                } else {
                    syncDirectory(p);
                }
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** fsync of a directory, which makes the names created or renamed in it durable (Linux, macOS). */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; their renames are as durable as they get.
        }
    }

    /** Whether {@code e} is the operating system's "no space left on device" (or quota exceeded). */
    public static boolean noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** The one-line full-disk error for {@code target}. */
    public static Tune4jException fullDisk(Path target, long expectedBytes, Path partial, Exception cause) {
        long written = -1;
        long free = -1;
        try {
            written = Files.size(partial);
            free = Files.getFileStore(target.toAbsolutePath().getParent()).getUsableSpace();
        } catch (IOException | RuntimeException ignored) {
            // The message below is as precise as the file system allows.
        }
        String needed = expectedBytes >= 0 ? String.format("%,d bytes", expectedBytes)
                : written >= 0 ? String.format("more than %,d bytes", written) : "more space";
        return new Tune4jException(target + ": no space left on the device (writing it needs " + needed
                + (free >= 0 ? String.format(", %,d bytes are free", free) : "")
                + "); the previous version is intact: free space and run again", cause);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileSystemException e) {
            if (noSpace(e)) {
                throw fullDisk(to, -1, from, e);
            }
            throw e;
        }
    }
}
