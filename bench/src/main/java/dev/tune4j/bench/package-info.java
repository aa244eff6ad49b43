/** Benchmarks that measure tune4j against PyTorch on the same machine; run by {@code bench/*.sh}, never by tests. */
package dev.tune4j.bench;
