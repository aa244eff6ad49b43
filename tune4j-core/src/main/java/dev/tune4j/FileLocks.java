package dev.tune4j;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Exclusive locks between tune4j processes, held on a lock file for as long as a run directory is
 * written or a cache entry is filled. The operating system releases them when a process dies, kill -9
 * included, so a lock never outlives its owner and never needs deleting by hand.
 */
public final class FileLocks {

    /** A held lock; closing releases it. */
    public static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // Closing the channel releases the lock in any case.
            }
        }
    }

    private FileLocks() {}

    /**
     * Locks {@code lockFile} or fails at once with a one-line message: for a run directory, whose second
     * writer must not wait hours for the first. {@code what} names the thing locked ("run directory X").
     */
    public static Held tryLock(Path lockFile, String what, String remedy) {
        FileChannel channel = open(lockFile);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Held(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Held by this very JVM: the same conflict as with another process.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new Tune4jException(lockFile + ": cannot lock: " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new Tune4jException(what + " is in use by another tune4j process (it holds " + lockFile + "); " + remedy);
    }

    /** Locks {@code lockFile}, waiting for another process to finish first (cache fills), saying so once. */
    public static Held lock(Path lockFile, String what, Consumer<String> log) {
        FileChannel channel = open(lockFile);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                log.accept("waiting for another tune4j process to finish " + what + "...");
                lock = channel.lock();
            }
            return new Held(channel, lock);
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new Tune4jException(lockFile + ": cannot lock for " + what + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel open(Path lockFile) {
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new Tune4jException(lockFile + ": cannot create the lock file: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was locked.
        }
    }
}
