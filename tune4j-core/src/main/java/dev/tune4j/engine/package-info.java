/**
 * Starting DJL's PyTorch engine offline, with no telemetry, from the libtorch on the class path; and
 * bf16 compute on that same libtorch through JavaCPP's JNI glue ({@link dev.tune4j.engine.Bf16Torch},
 * {@link dev.tune4j.engine.Precision}).
 */
package dev.tune4j.engine;
