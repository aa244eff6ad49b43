package dev.tune4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A bounded load generator for {@code tune4j serve}, loopback only: {@code --clients} closed-loop clients send
 * {@code --requests} requests of one text each (or stop at {@code --max-seconds}) after {@code --warmup-requests}
 * untimed ones, then report throughput,
 * p50/p90/p99 latency and the server's peak RSS ({@code --pid}). With {@code --overload-factor F}, an open-loop
 * phase follows at F times the rate just measured for {@code --overload-seconds} (F × rate × seconds requests, no
 * more), reporting how fast 429s come back and the RSS against the steady phase's, then probes once per 100 ms
 * until the server answers like it did before the overload: the recovery time.
 */
@Command(name = "load-gen", mixinStandardHelpOptions = true, description = "Loopback load for tune4j serve.")
public final class LoadGen implements Callable<Integer> {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server, loopback only.")
    String url;

    @Option(names = "--route", defaultValue = "/embed")
    String route;

    @Option(names = "--clients", defaultValue = "16")
    int clients;

    @Option(names = "--requests", defaultValue = "320", description = "Closed-loop requests in all.")
    int requests;

    @Option(names = "--warmup-requests", defaultValue = "64", description = "Untimed closed-loop requests first, as "
            + "the offline bench warms up: libtorch prepares its kernels once per batch shape, and batches vary here.")
    int warmupRequests;

    @Option(names = "--max-seconds", defaultValue = "300", description = "The closed-loop phase stops here at the latest.")
    int maxSeconds;

    @Option(names = "--texts-per-request", defaultValue = "1", description = "Texts in each request's inputs: 1 sends "
            + "a string, more a list, as a client that batches its own texts does.")
    int textsPerRequest;

    @Option(names = "--tokens", defaultValue = "128", description = "Tokens per text, [CLS] and [SEP] included.")
    int tokens;

    @Option(names = "--pid", description = "The server's process id, for its resident memory (VmRSS).")
    Long pid;

    @Option(names = "--overload-factor", defaultValue = "0", description = "Open-loop overload at F x the measured rate; 0: none.")
    double overloadFactor;

    @Option(names = "--overload-seconds", defaultValue = "10")
    int overloadSeconds;

    @Option(names = "--recovery-seconds", defaultValue = "30", description = "Probing stops here at the latest.")
    int recoverySeconds;

    @Option(names = "--label", defaultValue = "run")
    String label;

    @Option(names = "--snapshots", description = "Directory for the server's state after each phase: /proc status and, "
            + "when it runs with -XX:NativeMemoryTracking=summary, jcmd's native memory summary (needs --pid).")
    Path snapshots;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** One answer: its status and how long it took. */
    record Sample(int status, long nanos) {}

    @Override
    public Integer call() throws Exception {
        URI base = URI.create(url);
        if (!LOOPBACK.contains(base.getHost())) {
            throw new IllegalArgumentException("--url must be a loopback address (127.0.0.1, localhost, [::1]), got " + url);
        }
        List<String> texts = inputs(requests, 42);
        HttpResponse<String> check = send(texts.get(0));
        String counted = check.headers().firstValue("x-compute-tokens").orElse("?");
        if (check.statusCode() != 200 || !counted.equals(Integer.toString(tokens * textsPerRequest))) {
            System.err.println("load-gen: the check request got " + check.statusCode() + " with " + counted + " tokens: "
                    + check.body());
            return 1;
        }
        try (RssSampler rss = new RssSampler(pid)) {
            if (warmupRequests > 0) {
                Stats warm = closedLoop(inputs(warmupRequests, 7), rss);
                System.err.printf(Locale.ROOT, "load-gen: warm-up, %d requests: %.2f texts/s (not counted)%n",
                        warmupRequests, warm.okPerSecond() * textsPerRequest);
            }
            Stats steady = closedLoop(texts, rss);
            System.out.println(steady.json(label, "steady", textsPerRequest));
            snapshot("steady", rss);
            if (overloadFactor > 0) {
                overload(texts, steady, rss);
            }
        }
        return 0;
    }

    private Stats closedLoop(List<String> texts, RssSampler rss) throws InterruptedException {
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        rss.reset();
        double clientCpu = clientCpuSeconds();
        double serverCpu = rss.cpuSeconds();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < texts.size() && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    int status = sendQuietly(texts.get(i));
                    samples.add(new Sample(status, System.nanoTime() - t0));
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Stats(List.copyOf(samples), System.nanoTime() - start, rss.reset(), clientCpuSeconds() - clientCpu,
                rss.cpuSeconds() - serverCpu);
    }

    /** CPU seconds this load generator has used: what it takes from the cores the server runs on. */
    private static double clientCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private void overload(List<String> texts, Stats steady, RssSampler rss) throws Exception {
        double rate = overloadFactor * steady.okPerSecond();
        int count = (int) Math.ceil(rate * overloadSeconds);
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>(count);
        rss.reset();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long t0 = System.nanoTime();
            pending.add(client.sendAsync(request(texts.get(i % texts.size())), HttpResponse.BodyHandlers.discarding())
                    .handle((r, e) -> {
                        samples.add(new Sample(r == null ? -1 : r.statusCode(), System.nanoTime() - t0));
                        return null;
                    }));
        }
        long stopped = System.nanoTime();
        snapshot("overload", rss);
        double recovery = recover(texts, steady, stopped);
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        Stats over = new Stats(List.copyOf(samples), stopped - start, rss.reset(), Double.NaN, Double.NaN);
        System.out.println(over.overloadJson(label, rate, steady, recovery));
    }

    /** The server's threads (peak since the last snapshot) and native memory, to see what grew; see --snapshots. */
    private void snapshot(String phase, RssSampler rss) throws IOException, InterruptedException {
        if (snapshots == null || pid == null) {
            return;
        }
        Files.createDirectories(snapshots);
        Path status = snapshots.resolve(label + "-" + phase + "-status.txt");
        Files.copy(Path.of("/proc", pid.toString(), "status"), status, StandardCopyOption.REPLACE_EXISTING);
        Process jcmd = new ProcessBuilder("jcmd", pid.toString(), "VM.native_memory", "summary")
                .redirectErrorStream(true).redirectOutput(snapshots.resolve(label + "-" + phase + "-nmt.txt").toFile()).start();
        jcmd.waitFor(60, TimeUnit.SECONDS);
        System.err.printf(Locale.ROOT, "load-gen: %s: peak %d server threads; state in %s%n", phase, rss.resetThreads(),
                snapshots);
    }

    /**
     * Seconds from the end of the overload until a probe is answered 200 as fast as the steady phase's p99;
     * negative when that never happened within {@code --recovery-seconds}.
     */
    private double recover(List<String> texts, Stats steady, long stopped) throws InterruptedException {
        long limit = stopped + TimeUnit.SECONDS.toNanos(recoverySeconds);
        double normal = steady.percentile(200, 0.99);
        for (int i = 0; System.nanoTime() < limit; i++) {
            long t0 = System.nanoTime();
            int status = sendQuietly(texts.get(i % texts.size()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (status == 200 && seconds <= normal) {
                return (t0 - stopped) / 1e9;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return -1;
    }

    /** The JSON value of {@code inputs} for each of {@code n} requests: a string, or a list of --texts-per-request. */
    private List<String> inputs(int n, long seed) {
        List<String> texts = ServeTexts.make(n * textsPerRequest, tokens, seed);
        List<String> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<String> quoted = texts.subList(i * textsPerRequest, (i + 1) * textsPerRequest).stream()
                    .map(t -> "\"" + t + "\"").toList(); // ServeTexts are plain words: nothing to escape
            inputs.add(textsPerRequest == 1 ? quoted.get(0) : "[" + String.join(", ", quoted) + "]");
        }
        return inputs;
    }

    private HttpRequest request(String inputs) {
        String body = "{\"inputs\": " + inputs + ", \"truncate\": false}";
        return HttpRequest.newBuilder(URI.create(url + route)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(String inputs) throws Exception {
        return client.send(request(inputs), HttpResponse.BodyHandlers.ofString());
    }

    private int sendQuietly(String inputs) {
        try {
            return client.send(request(inputs), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Samples of one phase, with the server's peak RSS in it (bytes; 0 without --pid) and the CPU seconds the load
     * generator and the server used during it (NaN where not measured).
     */
    record Stats(List<Sample> samples, long nanos, long peakRss, double clientCpu, double serverCpu) {

        long count(int status) {
            return samples.stream().filter(s -> s.status() == status).count();
        }

        double okPerSecond() {
            return count(200) / (nanos / 1e9);
        }

        /** The q-quantile latency in seconds of answers with {@code status} (nearest rank), NaN if none. */
        double percentile(int status, double q) {
            long[] sorted = samples.stream().filter(s -> s.status() == status).mapToLong(Sample::nanos).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e9;
        }

        /** One line of results; texts per second count {@code textsPerRequest} for each answered request. */
        String json(String label, String phase, int textsPerRequest) {
            return String.format(Locale.ROOT, "{\"label\": \"%s\", \"phase\": \"%s\", \"ok\": %d, \"other\": %d, "
                    + "\"seconds\": %.3f, \"texts_per_s\": %.3f, \"p50_ms\": %.1f, \"p90_ms\": %.1f, \"p99_ms\": %.1f, "
                    + "\"peak_rss_mib\": %.1f, \"client_cpu_s\": %.1f, \"server_cpu_s\": %.1f, \"cores\": %d}", label,
                    phase, count(200), samples.size() - count(200), nanos / 1e9, okPerSecond() * textsPerRequest,
                    percentile(200, 0.5) * 1e3,
                    percentile(200, 0.9) * 1e3, percentile(200, 0.99) * 1e3, peakRss / 1048576.0, clientCpu, serverCpu,
                    Runtime.getRuntime().availableProcessors());
        }

        String overloadJson(String label, double rate, Stats steady, double recovery) {
            return String.format(Locale.ROOT, "{\"label\": \"%s\", \"phase\": \"overload\", \"offered_per_s\": %.1f, "
                    + "\"sent\": %d, \"ok\": %d, \"rejected_429\": %d, \"other\": %d, \"p50_429_ms\": %.2f, "
                    + "\"p99_429_ms\": %.2f, \"max_429_ms\": %.2f, \"p50_ok_ms\": %.1f, \"p99_ok_ms\": %.1f, "
                    + "\"peak_rss_mib\": %.1f, \"steady_peak_rss_mib\": %.1f, \"rss_ratio\": %.3f, \"recovery_s\": %.2f}",
                    label, rate, samples.size(), count(200), count(429), samples.size() - count(200) - count(429),
                    percentile(429, 0.5) * 1e3, percentile(429, 0.99) * 1e3, percentile(429, 1.0) * 1e3,
                    percentile(200, 0.5) * 1e3, percentile(200, 0.99) * 1e3, peakRss / 1048576.0,
                    steady.peakRss() / 1048576.0, steady.peakRss() == 0 ? Double.NaN : (double) peakRss / steady.peakRss(),
                    recovery);
        }
    }

    /** Samples a process's VmRSS every 50 ms; {@link #reset()} returns the peak since the last reset. */
    static final class RssSampler implements AutoCloseable {

        private final Path status;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakThreads = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        RssSampler(Long pid) {
            this.status = pid == null ? null : Path.of("/proc", pid.toString(), "status");
            this.thread = new Thread(() -> {
                while (running && status != null) {
                    peak.accumulateAndGet(rss(), Math::max);
                    peakThreads.accumulateAndGet(field("Threads:"), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** CPU seconds (user + system) the process has used, from /proc/PID/stat; 0 without a pid. */
        double cpuSeconds() {
            if (status == null) {
                return 0;
            }
            try {
                String stat = Files.readString(status.resolveSibling("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime: USER_HZ is 100
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        long reset() {
            long now = status == null ? 0 : rss();
            return Math.max(peak.getAndSet(now), now);
        }

        /** Peak thread count since the last call. */
        long resetThreads() {
            return peakThreads.getAndSet(status == null ? 0 : field("Threads:"));
        }

        private long rss() {
            return field("VmRSS:") * 1024;
        }

        private long field(String name) {
            try {
                for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                    if (line.startsWith(name)) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                // the process is gone: nothing more to sample
            }
            return 0;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGen()).execute(args));
    }
}
