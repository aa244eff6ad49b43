package dev.tune4j;

import java.nio.file.Path;

/** A second process for the lock tests: takes the lock on ARGS[0], prints LOCKED, holds it ARGS[1] ms, exits. */
public final class LockHolder {

    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (FileLocks.Held lock = FileLocks.lock(Path.of(args[0]), "the test's cache fill", System.out::println)) {
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
        }
        System.exit(0);
    }

    /** Starts a LockHolder JVM and returns once it holds the lock. */
    static Process start(Path lockFile, long holdMillis) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lockFile.toString(),
                Long.toString(holdMillis)).redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals("LOCKED")) {
                return p;
            }
        }
        throw new IllegalStateException("the lock holder exited with " + p.waitFor() + " before locking");
    }
}
