// The zero-shot prompting sweep: for each template × truncation × max length, one masked-LM forward per
// distinct prompt (a review that fits is the same prompt under every truncation and is computed once), keeping
// the mask-position log-probabilities of the union of all candidate label words, for the development reviews
// and the content-free inputs. Every verbalizer × aggregation × calibration × ensemble is then scored offline
// from the dump by bench/python/prompt_sweep_score.py, without another forward.
// Run from the repository root after `mvn -q -B package -DskipTests` (see run-prompt-sweep.sh):
//   java -cp tune4j-cli/target/tune4j.jar bench/PromptSweep.java --dev 300 --out bench/out/sweep.json
//     [--configs "T1:tail:256,T1:head:256,..."] [--split dev|heldout]
// The held-out reviews (1,000, stratified, seed 1001, as in PromptingBench) are drawn first; the development
// reviews come from the other 49,000 (stratified, seed 7) and are the only ones --split dev reads.
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.Imdb;
import dev.tune4j.data.Splits;
import dev.tune4j.engine.Offline;
import dev.tune4j.hub.ModelHub;
import dev.tune4j.mlm.MlmModel;
import dev.tune4j.prompt.ClozeClassifier;
import dev.tune4j.prompt.Template;
import dev.tune4j.prompt.Verbalizer;
import dev.tune4j.tokenize.Truncation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class PromptSweep {

    static final Map<String, String> TEMPLATES = new LinkedHashMap<>();
    static {
        TEMPLATES.put("T1", "{text} It was [MASK].");
        TEMPLATES.put("T2", "{text} All in all, it was [MASK].");
        TEMPLATES.put("T3", "{text} In summary, the movie was [MASK].");
        TEMPLATES.put("T4", "{text} The movie is [MASK].");
        TEMPLATES.put("T5", "{text} Overall, a [MASK] movie.");
    }
    static final String NEGATIVE = "terrible,bad,awful,boring,horrible,poor,worst,disappointing,stupid,dull,waste,pathetic,lame";
    static final String POSITIVE = "great,good,excellent,wonderful,amazing,fantastic,brilliant,perfect,fun,beautiful,superb,enjoyable,awesome,masterpiece";
    static final List<String> CONTENT_FREE = List.of("N/A", "", "[MASK]");
    /** Longer, in-domain candidates for a content-free input (--content-free extra). */
    static final List<String> EXTRA_CONTENT_FREE = List.of("The movie.", "This is a movie review.",
            "I watched this movie last night. The story is about a family, and the actors play their parts. The film runs two hours.",
            ("the movie film story and a of to is it this was in that plot actors scene director characters time " ).repeat(6).strip(),
            ("[MASK] ").repeat(100).strip());

    public static void main(String[] args) throws Exception {
        Offline.ensure();
        int devSize = Integer.parseInt(arg(args, "--dev", "300"));
        String split = arg(args, "--split", "dev");
        Path out = Path.of(arg(args, "--out", "bench/out/prompt-sweep.json"));
        List<String> configs = List.of(arg(args, "--configs",
                "T1:tail:256,T1:head:256,T1:head+tail:256,T1:tail:128,T2:tail:256,T3:tail:256,T4:tail:256,T5:tail:256").split(","));
        Dataset all = Imdb.load(System.err::println);
        Dataset heldOut = Splits.stratifiedSample(all, 1000, 1001);
        // --heldout N: the same N of the 1,000 that FewShotBench --on heldout evaluates on (seed 1).
        int heldOutSize = Integer.parseInt(arg(args, "--heldout", "1000"));
        Dataset data = !split.equals("heldout") ? Splits.stratifiedSample(Splits.complement(all, heldOut), devSize, 7)
                : heldOutSize < heldOut.size() ? Splits.stratifiedSample(heldOut, heldOutSize, 1) : heldOut;
        if (args.length > 0 && !arg(args, "--write-data", "").isEmpty()) {
            writeJsonl(data, Path.of(arg(args, "--write-data", "")));
        }
        List<String> contentFree = arg(args, "--content-free", "").equals("extra")
                ? java.util.stream.Stream.concat(CONTENT_FREE.stream(), EXTRA_CONTENT_FREE.stream()).toList() : CONTENT_FREE;
        boolean contentFreeOnly = arg(args, "--content-free-only", "false").equals("true");
        Verbalizer union = Verbalizer.parse("0=" + NEGATIVE + ";1=" + POSITIVE);
        JsonObject dump = new JsonObject();
        dump.addProperty("split", split);
        dump.add("labels", new GsonBuilder().create().toJsonTree(labels(data)));
        dump.add("words", new GsonBuilder().create().toJsonTree((NEGATIVE + "," + POSITIVE).split(",")));
        JsonObject results = new JsonObject();
        Map<String, float[]> seen = new HashMap<>();
        Path bert = ModelHub.resolve("bert-base-uncased", System.err::println);
        MlmModel model = MlmModel.load(bert);
        for (String config : configs) {
            String[] parts = config.split(":");
            Template template = new Template(TEMPLATES.get(parts[0]));
            Truncation truncation = Truncation.valueOf(parts[1].toUpperCase(Locale.ROOT).replace('+', '_'));
            int maxLength = Integer.parseInt(parts[2]);
            // Shares the model; never closed here, the model is closed once at the end.
            ClozeClassifier cloze = new ClozeClassifier(model, template, union, Imdb.LABELS, maxLength, truncation);
            long start = System.nanoTime();
            int[] computed = {0};
            JsonObject r = new JsonObject();
            r.addProperty("template", template.pattern());
            r.add("dev", rows(cloze, contentFreeOnly ? List.of() : data.texts(), parts[0], seen, computed));
            r.add("content_free", rows(cloze, contentFree, parts[0], seen, computed));
            results.add(config, r);
            System.err.printf(Locale.ROOT, "%s: %d forwards in %.1f s%n", config, computed[0], (System.nanoTime() - start) / 1e9);
            Files.createDirectories(out.toAbsolutePath().getParent());
            dump.add("configs", results);
            Files.writeString(out, new GsonBuilder().create().toJson(dump));
        }
        model.close();
    }

    /** log q (rows × W) of each text's prompt, computing only prompts not met before under the same template. */
    static JsonArray rows(ClozeClassifier cloze, List<String> texts, String templateKey, Map<String, float[]> seen, int[] computed) {
        List<ClozeClassifier.Prompt> prompts = cloze.prompts(texts);
        List<String> keys = new ArrayList<>();
        List<ClozeClassifier.Prompt> todo = new ArrayList<>();
        for (ClozeClassifier.Prompt p : prompts) {
            String key = templateKey + Arrays.toString(p.encoding().inputIds());
            keys.add(key);
            if (!seen.containsKey(key)) {
                seen.put(key, null);
                todo.add(p);
            }
        }
        float[][] logq = todo.isEmpty() ? new float[0][] : cloze.wordLogProbs(todo);
        for (int i = 0; i < todo.size(); i++) {
            seen.put(templateKey + Arrays.toString(todo.get(i).encoding().inputIds()), logq[i]);
        }
        computed[0] += todo.size();
        JsonArray out = new JsonArray();
        for (String key : keys) {
            out.add(new GsonBuilder().create().toJsonTree(seen.get(key)));
        }
        return out;
    }

    /** The reviews as JSON lines ({"text", "label"}), for running the CLI on exactly them. */
    static void writeJsonl(Dataset data, Path file) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            JsonObject o = new JsonObject();
            o.addProperty("text", data.texts().get(i));
            o.addProperty("label", data.labelMap().name(data.label(i)));
            b.append(new GsonBuilder().disableHtmlEscaping().create().toJson(o)).append('\n');
        }
        Files.writeString(file, b.toString());
    }

    static int[] labels(Dataset data) {
        int[] y = new int[data.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Imdb.LABELS.id(data.labelMap().name(data.label(i)));
        }
        return y;
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
