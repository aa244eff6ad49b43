package dev.tune4j.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.tune4j.infer.Embedder;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"One vector per text (texts as arguments, else one per line on stdin).",
                "Prints space-separated floats per text, or {\"text\",\"embedding\"} per line with --json.",
                "Pools and normalizes as the model's sentence-transformers files say (all-minilm-l6-v2: mean, unit length),",
                "else takes [CLS]; --pooling and --[no-]normalize override."})
final class EmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    EmbeddingOptions embedding;

    @Mixin
    DtypeOption dtype;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Parameters(paramLabel = "TEXT", arity = "0..*")
    List<String> texts;

    @Override
    public Integer call() {
        List<String> lines = Inputs.argsOrStdin(texts);
        PrintWriter out = spec.commandLine().getOut();
        try (Embedder embedder = embedding.load(model.resolve())) {
            dtype.apply(embedder::runIn);
            float[][] vectors = embedder.embed(lines);
            Gson gson = new Gson();
            for (int i = 0; i < vectors.length; i++) {
                if (json) {
                    JsonObject o = new JsonObject();
                    o.addProperty("text", lines.get(i));
                    o.add("embedding", gson.toJsonTree(vectors[i]));
                    out.println(gson.toJson(o));
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (float v : vectors[i]) {
                        sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.6g", v));
                    }
                    out.println(sb);
                }
            }
        }
        out.flush();
        return 0;
    }
}
