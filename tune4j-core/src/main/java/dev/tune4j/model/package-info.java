/**
 * BERT as one small block per Hugging Face module, named like the checkpoint keys.
 *
 * <p>Dimension letters in shape comments: B batch, T tokens, H hidden, N heads, D head size, I
 * intermediate, V vocabulary.
 */
package dev.tune4j.model;
