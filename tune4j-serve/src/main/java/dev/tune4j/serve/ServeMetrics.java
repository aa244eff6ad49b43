package dev.tune4j.serve;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * TEI's metrics under TEI's names ({@code router/src/prometheus.rs}, {@code core/src/queue.rs}), with its
 * buckets, through Micrometer's Prometheus registry. TEI's counters ({@code te_request_count},
 * {@code te_request_success}, {@code te_request_failure}) are exposed as monotone gauges: the Prometheus Java
 * client would rename a counter to {@code …_total}, and dashboards built on TEI query the bare names.
 * Histograms are distribution summaries (seconds, no unit suffix), so they keep TEI's names too.
 */
final class ServeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final AtomicLong queueSize = new AtomicLong();

    final DistributionSummary requestDuration;
    final DistributionSummary tokenizationDuration;
    final DistributionSummary queueDuration;
    final DistributionSummary inferenceDuration;
    final DistributionSummary inputLength;
    final DistributionSummary batchSize;
    final DistributionSummary batchTokens;
    final DistributionSummary batchInferenceDuration;

    ServeMetrics(int maxInputLength) {
        // TEI: 35 durations from 1.5e-5 s, each 1.5x the last; input lengths, batch sizes and tokens in powers of 2.
        double[] durations = DoubleStream.iterate(0.00001 * 1.5, d -> d * 1.5).limit(35).toArray();
        requestDuration = summary("te_request_duration", durations);
        tokenizationDuration = summary("te_request_tokenization_duration", durations);
        queueDuration = summary("te_request_queue_duration", durations);
        inferenceDuration = summary("te_request_inference_duration", durations);
        batchInferenceDuration = summary("te_batch_inference_duration", durations);
        inputLength = summary("te_request_input_length",
                powersOfTwo(20).filter(x -> x <= maxInputLength).toArray());
        batchSize = summary("te_batch_next_size", powersOfTwo(13).toArray());
        batchTokens = summary("te_batch_next_tokens", powersOfTwo(21).toArray());
        Gauge.builder("te_queue_size", queueSize, AtomicLong::get).register(registry);
        for (String method : new String[] {"single", "batch"}) {
            counter("te_request_count", "method", method);
            counter("te_request_success", "method", method);
        }
    }

    /** Adds one to a TEI counter, e.g. {@code te_request_failure{err="overloaded"}}. */
    void count(String name, String tag, String value) {
        counter(name, tag, value).increment();
    }

    void queued(int delta) {
        queueSize.addAndGet(delta);
    }

    long queueSize() {
        return queueSize.get();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    private LongAdder counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '\0' + tag + '\0' + value, key -> {
            LongAdder adder = new LongAdder();
            Gauge.builder(name, adder, LongAdder::doubleValue).tag(tag, value).register(registry);
            return adder;
        });
    }

    private DistributionSummary summary(String name, double[] buckets) {
        return DistributionSummary.builder(name).serviceLevelObjectives(buckets).register(registry);
    }

    private static DoubleStream powersOfTwo(int n) {
        return IntStream.range(0, n).mapToDouble(x -> Math.pow(2, x));
    }
}
