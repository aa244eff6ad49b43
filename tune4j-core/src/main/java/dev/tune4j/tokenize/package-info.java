/**
 * BERT WordPiece tokenization whose ids equal Hugging Face's {@code BertTokenizerFast}.
 *
 * <p>The work is done by Hugging Face's Rust tokenizers through DJL; {@link
 * dev.tune4j.tokenize.BertTokenizer} feeds it the model directory's {@code tokenizer.json}, or one
 * generated from {@code vocab.txt}. The Rust side only splits text into word pieces; special tokens,
 * truncation (including the head+tail strategy Rust lacks) and padding happen here in Java, on ids.
 *
 * <p>Shapes: B is the number of texts in a batch, T the number of tokens per row.
 */
package dev.tune4j.tokenize;
