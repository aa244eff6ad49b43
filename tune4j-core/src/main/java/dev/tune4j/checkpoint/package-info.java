/**
 * Checkpoint files read and written on the host, without DJL: safetensors, TensorFlow TensorBundle, and the
 * initializers and nodes of an ONNX model ({@link dev.tune4j.checkpoint.OnnxGraph}).
 *
 * <p>Tensors are {@link dev.tune4j.checkpoint.HostTensor}s over little-endian byte buffers, usually
 * slices of a memory-mapped file, so reading a 440 MB checkpoint copies nothing until a tensor is
 * converted. {@link dev.tune4j.checkpoint.TfToHf} renames Google's TF BERT variables to the Hugging
 * Face names that the model blocks use. Every malformed-file error is a
 * {@link dev.tune4j.Tune4jException} whose one-line message starts with the file.
 */
package dev.tune4j.checkpoint;
