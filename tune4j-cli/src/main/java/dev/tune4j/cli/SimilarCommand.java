package dev.tune4j.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.Tune4jException;
import dev.tune4j.Tune4jHome;
import dev.tune4j.data.DataFormat;
import dev.tune4j.data.DataOptions;
import dev.tune4j.data.DataReader;
import dev.tune4j.engine.Precision;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.infer.CorpusEmbeddings;
import dev.tune4j.infer.Embedder;
import dev.tune4j.infer.SimilarityIndex;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "similar", mixinStandardHelpOptions = true,
        description = {"The corpus texts most similar to each query, by cosine similarity (exact search).",
                "The corpus is embedded once and cached (keyed by model, pooling and corpus content); queries as arguments,",
                "else one per line on stdin. Prints rank, cosine and text per hit, or one JSON object per query with --json."})
final class SimilarCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--corpus", required = true, paramLabel = "FILE",
            description = "One text per line (.txt or any other name), or .csv/.tsv/.jsonl/.json with a text column.")
    Path corpus;

    @Option(names = "--text-column", defaultValue = "text", description = "The text column of a table (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = {"-k", "--top-k"}, defaultValue = "5", description = "Hits per query (default: ${DEFAULT-VALUE}).")
    int topK;

    @Mixin
    EmbeddingOptions embedding;

    @Mixin
    DtypeOption dtype;

    @Option(names = "--json", description = "One JSON object per query: {\"query\", \"hits\": [{\"rank\", \"index\", \"score\", \"text\"}]}.")
    boolean json;

    @Parameters(paramLabel = "QUERY", arity = "0..*")
    List<String> queries;

    @Override
    public Integer call() {
        if (topK < 1) {
            throw new Tune4jException("--top-k must be at least 1, got " + topK);
        }
        List<String> texts = readCorpus();
        List<String> asked = Inputs.argsOrStdin(queries);
        if (asked.isEmpty()) {
            throw new Tune4jException("no query: give texts as arguments or one per line on stdin");
        }
        Path dir = model.resolve();
        ProgressBar progress = new ProgressBar(System.err);
        try (Embedder embedder = embedding.load(dir)) {
            Precision precision = dtype.apply(embedder::runIn);
            float[][] vectors = CorpusEmbeddings.load(embedder, ModelHub.weightsSha256(dir), precision, texts,
                    Tune4jHome.root().resolve("similar"), progress);
            try (SimilarityIndex index = new SimilarityIndex(vectors)) {
                print(asked, texts, index.search(embedder.embed(asked), topK));
            }
        }
        return 0;
    }

    private List<String> readCorpus() {
        if (!Files.isRegularFile(corpus)) {
            throw new Tune4jException(corpus + ": no such file (--corpus takes one text per line, or a .csv/.tsv/.jsonl/.json table)");
        }
        DataFormat format;
        try {
            format = DataFormat.of(corpus);
        } catch (Tune4jException unknownExtension) {
            format = DataFormat.TEXT;
        }
        List<String> texts = DataReader.readTexts(corpus, format, DataOptions.defaults().withTextColumn(textColumn));
        if (texts.isEmpty()) {
            throw new Tune4jException(corpus + ": the corpus is empty (no non-blank line or row); there is nothing to rank");
        }
        return texts;
    }

    private void print(List<String> asked, List<String> texts, List<List<SimilarityIndex.Hit>> hits) {
        PrintWriter out = spec.commandLine().getOut();
        Gson gson = new Gson();
        for (int q = 0; q < asked.size(); q++) {
            JsonArray array = new JsonArray();
            if (!json) {
                out.println(asked.get(q));
            }
            int rank = 1;
            for (SimilarityIndex.Hit hit : hits.get(q)) {
                if (json) {
                    JsonObject o = new JsonObject();
                    o.addProperty("rank", rank);
                    o.addProperty("index", hit.index());
                    o.addProperty("score", hit.score());
                    o.addProperty("text", texts.get(hit.index()));
                    array.add(o);
                } else {
                    out.printf(Locale.ROOT, "%4d  %.4f  %s%n", rank, hit.score(), texts.get(hit.index()));
                }
                rank++;
            }
            if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("query", asked.get(q));
                o.add("hits", array);
                out.println(gson.toJson(o));
            }
        }
        out.flush();
    }
}
