/** Starting DJL's PyTorch engine offline, with no telemetry, from the libtorch on the class path. */
package dev.tune4j.engine;
