package dev.tune4j;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * The rules every archive entry passes before tune4j writes anything from an archive (npm tarballs,
 * model jars): a relative name without {@code ..}, no absolute path or drive, no link leading out, no
 * name twice, and no more bytes than declared or than the archive may hold in total.
 *
 * <p>Callers check every entry in a first pass and extract in a second, so a hostile archive is refused
 * before its first byte lands on disk; {@link #bounded} also guards the extracting pass.
 */
public final class ArchiveGuard {

    private final String archive;
    private final long maxTotalBytes;
    private final Set<String> seen = new HashSet<>();
    private long total;

    /** @param maxTotalBytes the most bytes all entries together may decompress to */
    public ArchiveGuard(String archive, long maxTotalBytes) {
        this.archive = archive;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * The entry's name, checked and normalized ({@code ./} prefixes dropped, trailing {@code /} of a
     * directory dropped); throws if it is unsafe or already seen.
     */
    public String entry(String rawName, long declaredSize) {
        String name = safeName(rawName);
        if (!seen.add(name)) {
            throw refuse(rawName, "appears twice in the archive (a second copy could replace the first)");
        }
        if (declaredSize > maxTotalBytes || declaredSize >= 0 && total + declaredSize > maxTotalBytes) {
            throw refuse(rawName, String.format("declares %,d bytes, more than the %,d this archive may hold",
                    declaredSize, maxTotalBytes));
        }
        return name;
    }

    /** Refuses a symbolic or hard link whose target is absolute or climbs out of the archive's root. */
    public void link(String name, String target) {
        String t = target == null ? "" : target.replace('\\', '/');
        String resolved = name.contains("/") && !t.startsWith("/") ? name.substring(0, name.lastIndexOf('/') + 1) + t : t;
        try {
            safeName(resolved);
        } catch (Tune4jException e) {
            throw refuse(name, "is a link to '" + target + "', outside the archive");
        }
    }

    /** {@code in}, failing as soon as it yields more than the entry declared or the archive's total allows. */
    public InputStream bounded(InputStream in, String name, long declaredSize) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) {
                read += n;
                total += n;
                if (declaredSize >= 0 && read > declaredSize) {
                    throw refuse(name, String.format("decompresses to more than its declared %,d bytes", declaredSize));
                }
                if (total > maxTotalBytes) {
                    throw refuse(name, String.format("takes the archive past %,d decompressed bytes", maxTotalBytes));
                }
            }

            @Override
            public void close() {
                // The archive stream belongs to the caller.
            }
        };
    }

    private String safeName(String rawName) {
        if (rawName == null || rawName.isEmpty() || rawName.indexOf('\0') >= 0) {
            throw refuse(String.valueOf(rawName), "has an empty or binary name");
        }
        String name = rawName.replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw refuse(rawName, "is an absolute path");
        }
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw refuse(rawName, "climbs out of the target directory with '..'");
            }
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            out.append(out.length() == 0 ? "" : "/").append(part);
        }
        if (out.length() == 0) {
            throw refuse(rawName, "names no file");
        }
        return out.toString();
    }

    private Tune4jException refuse(String name, String problem) {
        String shown = name.length() > 200 ? name.substring(0, 200) + "..." : name;
        return new Tune4jException(archive + ": entry '" + shown.replaceAll("[\\p{Cntrl}]", "?") + "' " + problem
                + "; refused, nothing was extracted");
    }
}
