package dev.tune4j.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.infer.FillMask;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = "Predict the tokens behind each [MASK] (texts as arguments, else one per line on stdin).")
final class FillMaskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    DtypeOption dtype;

    @Option(names = "--top-k", defaultValue = "5", description = "Candidates per mask (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--json", description = "One JSON object per input.")
    boolean json;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts containing [MASK].")
    List<String> texts;

    @Override
    public Integer call() {
        List<String> inputs = Inputs.argsOrStdin(texts);
        PrintWriter out = spec.commandLine().getOut();
        try (FillMask fillMask = FillMask.load(model.resolve())) {
            dtype.apply(fillMask::runIn);
            for (FillMask.Result r : fillMask.predict(inputs, topK)) {
                if (json) {
                    out.println(new Gson().toJson(toJson(r)));
                } else {
                    print(out, r);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** One mask: {"text", "predictions": [...]}; several: "predictions" holds one list per mask. */
    private static JsonObject toJson(FillMask.Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("text", r.text());
        JsonArray perMask = new JsonArray();
        for (List<FillMask.Prediction> mask : r.masks()) {
            JsonArray list = new JsonArray();
            for (FillMask.Prediction p : mask) {
                JsonObject po = new JsonObject();
                po.addProperty("token", p.token());
                po.addProperty("id", p.id());
                po.addProperty("prob", p.prob());
                list.add(po);
            }
            perMask.add(list);
        }
        o.add("predictions", r.masks().size() == 1 ? perMask.get(0) : perMask);
        return o;
    }

    private static void print(PrintWriter out, FillMask.Result r) {
        out.println(r.text());
        for (int m = 0; m < r.masks().size(); m++) {
            if (r.masks().size() > 1) {
                out.println("  [MASK] #" + (m + 1));
            }
            for (FillMask.Prediction p : r.masks().get(m)) {
                out.println(String.format(Locale.ROOT, "  %-16s %.4f", p.token(), p.prob()));
            }
        }
    }
}
