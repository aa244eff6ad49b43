package dev.tune4j.cli;

import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.Pooling;
import dev.tune4j.infer.SentencePooling;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --pooling} and {@code --[no-]normalize}: by default what the model directory's sentence-transformers files
 * say (modules.json, 1_Pooling, 2_Normalize), else [CLS] without normalization; either option overrides its part.
 */
final class EmbeddingOptions {

    @Option(names = "--pooling", paramLabel = "cls|mean|max|pooler",
            description = "${COMPLETION-CANDIDATES} (default: the model's sentence-transformers pooling, else cls).")
    Pooling pooling;

    @Option(names = "--normalize", negatable = true,
            description = "Scale each vector to unit length (default: if the model's sentence-transformers modules "
                    + "include Normalize).")
    Boolean normalize;

    Embedder load(Path dir) {
        SentencePooling model = SentencePooling.of(dir);
        return Embedder.load(dir, pooling != null ? pooling : model.pooling(),
                normalize != null ? normalize : model.normalize(), model.maxLength());
    }
}
