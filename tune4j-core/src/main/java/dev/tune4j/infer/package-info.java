/** Inference pipelines over a pretrained model directory: fill-mask and embeddings. */
package dev.tune4j.infer;
