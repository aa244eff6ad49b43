package dev.tune4j.prompt;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tune4j.tokenize.Truncation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a cloze prediction did, in one line or as JSON: enough to reproduce it. */
public final class ClozeDescription {

    private ClozeDescription() {}

    /** {@code texts}: how many texts were classified together (the batch of batch calibration). */
    public static JsonObject json(ClozeClassifier cloze, Calibration.Mode calibration, int texts) {
        JsonObject o = new JsonObject();
        JsonArray templates = new JsonArray();
        cloze.templates().forEach(t -> templates.add(t.pattern()));
        o.add("templates", templates);
        o.addProperty("ensemble", cloze.templates().size() > 1 ? "mean of the templates' label probabilities" : "none");
        o.add("verbalizer", verbalizer(cloze));
        o.addProperty("label_score", "sum of the label's word probabilities at [MASK], normalised over all label words");
        JsonObject cal = new JsonObject();
        cal.addProperty("mode", calibration.cliName());
        if (calibration == Calibration.Mode.CONTENT_FREE) {
            JsonArray cf = new JsonArray();
            Calibration.CONTENT_FREE.forEach(cf::add);
            cal.add("content_free", cf);
        } else if (calibration == Calibration.Mode.BATCH) {
            cal.addProperty("batch", texts);
        }
        o.add("calibration", cal);
        JsonArray truncations = new JsonArray();
        cloze.truncations().forEach(t -> truncations.add(name(t)));
        o.add("truncation", truncations);
        o.addProperty("max_length", cloze.maxLength());
        return o;
    }

    /** E.g. {@code template "{text} In summary, the movie was [MASK]."; verbalizer negative=terrible,bad,awful,boring;...}. */
    public static String line(ClozeClassifier cloze, Calibration.Mode calibration, int texts) {
        List<String> quoted = cloze.templates().stream().map(t -> "\"" + t.pattern() + "\"").toList();
        String templates = quoted.size() > 1 ? "templates " + String.join(", ", quoted) + " (ensemble: mean probability)"
                : "template " + quoted.get(0);
        List<String> spec = new ArrayList<>();
        for (int c = 0; c < cloze.labels().size(); c++) {
            spec.add(cloze.labels().name(c) + "=" + String.join(",", cloze.words().get(c)));
        }
        String cal = switch (calibration) {
            case OFF -> "off";
            case BATCH -> "batch (prior: the mean word probabilities of the " + texts + " inputs)";
            case CONTENT_FREE -> "content-free (prior: the mean word probabilities for " + Calibration.CONTENT_FREE.stream()
                    .map(t -> "\"" + t + "\"").toList() + ")";
        };
        return templates + "; verbalizer " + String.join(";", spec) + " (word probabilities summed); calibration " + cal
                + "; truncation " + String.join(",", cloze.truncations().stream().map(ClozeDescription::name).distinct().toList())
                + " to " + cloze.maxLength() + " tokens";
    }

    static JsonObject verbalizer(ClozeClassifier cloze) {
        JsonObject v = new JsonObject();
        for (int c = 0; c < cloze.labels().size(); c++) {
            JsonArray list = new JsonArray();
            cloze.words().get(c).forEach(list::add);
            v.add(cloze.labels().name(c), list);
        }
        return v;
    }

    private static String name(Truncation t) {
        return t.name().toLowerCase(Locale.ROOT).replace('_', '+');
    }
}
