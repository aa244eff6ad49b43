/**
 * {@code tune4j serve}: an HTTP inference server that speaks Hugging Face Text Embeddings Inference's API
 * (routes, request and response shapes, error bodies, timing headers, metric names) over the core's
 * {@link dev.tune4j.Classifier} and {@link dev.tune4j.infer.Embedder}, with TEI's dynamic batching: non-blocking
 * admission (one permit per input), tokenization before queueing, one batcher thread per model cutting batches
 * by a padded-token budget.
 */
package dev.tune4j.serve;
