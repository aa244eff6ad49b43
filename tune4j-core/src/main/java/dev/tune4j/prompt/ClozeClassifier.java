package dev.tune4j.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import dev.tune4j.data.Dataset;
import dev.tune4j.data.LabelMap;
import dev.tune4j.engine.Torch;
import dev.tune4j.eval.ClassificationMetrics;
import dev.tune4j.mlm.MlmModel;
import dev.tune4j.tokenize.Batch;
import dev.tune4j.tokenize.Encoding;
import dev.tune4j.tokenize.Truncation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification as a cloze task (Schick &amp; Schütze 2021; Gao et al. 2021): the text goes into a
 * {@link Template}, and each label is scored by the masked LM's log-probabilities of its
 * {@link Verbalizer} words at the {@code [MASK]}: score_c = mean over c's words of log p(word), with p
 * normalised over all verbalizer words (the same ranking as over the whole vocabulary). Labels get
 * softmax(score). Optionally calibrated (Zhao et al. 2021): p is divided by its value for content-free
 * inputs ("N/A", "", "[MASK]", averaged) and renormalised, which removes the prompt's bias towards
 * some words.
 *
 * <p>W letters the verbalizer words of all labels, C the labels.
 */
public final class ClozeClassifier implements AutoCloseable {

    /** Zhao et al.'s content-free inputs. */
    static final List<String> CONTENT_FREE = List.of("N/A", "", "[MASK]");
    private static final int BATCH = 32;
    /** Enough of an IMDB review for its sentiment, at a quarter of the cost of 512. */
    static final int DEFAULT_MAX_LENGTH = 256;

    /** One filled-in template: [CLS] prompt [SEP], and where its [MASK] is. */
    public record Prompt(Encoding encoding, int maskAt) {}

    private final MlmModel model;
    private final Template template;
    private final LabelMap labels;
    private final List<List<String>> words;
    private final long[] wordIds;
    /** (W, C): 1/|c| where word w belongs to label c, so log q · A is each label's mean. */
    private final float[] labelMeans;
    private final int maxLength;
    private final Truncation truncation;
    private final long[] prefix;
    private final long[] suffix;

    public ClozeClassifier(MlmModel model, Template template, Verbalizer verbalizer, LabelMap labels, int maxLength,
                           Truncation truncation) {
        this.model = model;
        this.template = template;
        this.labels = labels;
        this.words = verbalizer.forLabels(labels);
        long[][] ids = Verbalizer.tokenIds(words, model.tokenizer());
        this.wordIds = Arrays.stream(ids).flatMapToLong(Arrays::stream).toArray();
        this.labelMeans = new float[wordIds.length * labels.size()];
        for (int c = 0, w = 0; c < ids.length; c++) {
            for (int k = 0; k < ids[c].length; k++, w++) {
                labelMeans[w * labels.size() + c] = 1f / ids[c].length;
            }
        }
        if (maxLength > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("max length " + maxLength + " exceeds the model's "
                    + model.config().maxPositionEmbeddings() + " positions");
        }
        this.maxLength = maxLength;
        this.truncation = truncation;
        this.prefix = model.pieces(List.of(template.prefix())).get(0);
        this.suffix = model.pieces(List.of(template.suffix())).get(0);
        if (prefix.length + suffix.length + 3 > maxLength) {
            throw new Tune4jException("template \"" + template.pattern() + "\" takes " + (prefix.length + suffix.length)
                    + " tokens and leaves no room for text within max length " + maxLength);
        }
    }

    /**
     * Loads a masked-LM directory. {@code template}, {@code verbalizer} and {@code labels} may be null
     * when the directory was written by prompt-based fine-tuning, which records them; otherwise the
     * template defaults to {@link Template#SENTIMENT} and the labels to the verbalizer's keys.
     *
     * @param maxLength tokens of a filled-in template; 0 for the recorded one, else 256 (or fewer positions)
     */
    public static ClozeClassifier load(Path dir, Template template, Verbalizer verbalizer, LabelMap labels, int maxLength) {
        JsonObject saved = savedPrompt(dir);
        Template t = template != null ? template
                : saved != null ? new Template(saved.get("template").getAsString()) : Template.SENTIMENT;
        Verbalizer v = verbalizer != null ? verbalizer
                : saved != null ? verbalizerOf(saved.getAsJsonObject("verbalizer")) : Verbalizer.parse(Verbalizer.SENTIMENT);
        LabelMap l = labels != null ? labels : v.labels();
        MlmModel model = MlmModel.load(dir);
        int length = maxLength > 0 ? maxLength : saved != null && saved.has("max_length") ? saved.get("max_length").getAsInt()
                : Math.min(DEFAULT_MAX_LENGTH, model.config().maxPositionEmbeddings());
        try {
            return new ClozeClassifier(model, t, v, l, length, Truncation.HEAD);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public MlmModel model() {
        return model;
    }

    public Template template() {
        return template;
    }

    public LabelMap labels() {
        return labels;
    }

    /** The verbalizer words of each label, in label order. */
    public List<List<String>> words() {
        return words;
    }

    /** The text cut at the token level so that [CLS] prefix text suffix [SEP] fits max length. */
    public List<Prompt> prompts(List<String> texts) {
        int budget = maxLength - 2 - prefix.length - suffix.length;
        List<Prompt> out = new ArrayList<>(texts.size());
        long maskId = model.tokenizer().maskId();
        for (long[] text : model.pieces(texts)) {
            long[] kept = truncation.keep(text, budget);
            long[] ids = new long[kept.length + prefix.length + suffix.length + 2];
            ids[0] = model.tokenizer().clsId();
            System.arraycopy(prefix, 0, ids, 1, prefix.length);
            System.arraycopy(kept, 0, ids, 1 + prefix.length, kept.length);
            System.arraycopy(suffix, 0, ids, 1 + prefix.length + kept.length, suffix.length);
            ids[ids.length - 1] = model.tokenizer().sepId();
            // The template's own [MASK], even when the text contains one too.
            int inPrefix = indexOf(prefix, maskId);
            int maskAt = inPrefix >= 0 ? 1 + inPrefix : 1 + prefix.length + kept.length + indexOf(suffix, maskId);
            long[] ones = new long[ids.length];
            Arrays.fill(ones, 1L);
            out.add(new Prompt(new Encoding(ids, new long[ids.length], ones), maskAt));
        }
        return out;
    }

    /** Label scores (B, C): mean log-probability of each label's words at the mask, normalised over all W words. */
    public NDArray labelScores(ParameterStore ps, List<Prompt> prompts, int[] rows, boolean training, NDManager scope) {
        NDArray logq = wordLogProbs(ps, prompts, rows, training, scope); // (B, W)
        NDArray means = scope.create(labelMeans, new Shape(wordIds.length, labels.size())); // (W, C)
        return logq.matMul(means); // (B, C)
    }

    /** log-probabilities (B, W) of the verbalizer words at each prompt's mask, normalised over the W words. */
    NDArray wordLogProbs(ParameterStore ps, List<Prompt> prompts, int[] rows, boolean training, NDManager scope) {
        List<Encoding> encodings = prompts.stream().map(Prompt::encoding).toList();
        Batch batch = Batch.padded(encodings, rows, model.tokenizer().padId());
        long[] positions = new long[rows.length];
        long[] index = new long[rows.length * wordIds.length];
        for (int r = 0; r < rows.length; r++) {
            positions[r] = (long) r * batch.length() + prompts.get(rows[r]).maskAt();
            System.arraycopy(wordIds, 0, index, r * wordIds.length, wordIds.length);
        }
        NDArray logits = model.logitsAt(ps, batch, batch.inputIds(), positions, training, scope); // (B, V)
        NDArray atWords = logits.gather(scope.create(index, new Shape(rows.length, wordIds.length)), 1); // (B, W)
        return atWords.logSoftmax(1);
    }

    /** Label probabilities (texts × C), without or with contextual calibration. */
    public float[][] predictProba(List<String> texts, boolean calibrate) {
        float[][] logq = wordLogProbs(prompts(texts));
        if (calibrate) {
            float[] cf = contentFree();
            for (float[] row : logq) {
                calibrate(row, cf);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < logq.length; i++) {
            out[i] = softmax(labelMeans(logq[i]));
        }
        return out;
    }

    public ClassificationMetrics evaluate(Dataset data, boolean calibrate) {
        int[] gold = new int[data.size()];
        for (int i = 0; i < gold.length; i++) {
            String name = data.labelMap().name(data.label(i));
            if (!labels.contains(name)) {
                throw new Tune4jException(data.source() + ": label '" + name + "' is not one of " + labels.names());
            }
            gold[i] = labels.id(name);
        }
        return ClassificationMetrics.compute(gold, predictProba(data.texts(), calibrate), labels.names());
    }

    /** The mean probabilities of the W words over the content-free inputs, normalised over the words. */
    float[] contentFree() {
        float[][] logq = wordLogProbs(prompts(CONTENT_FREE));
        float[] mean = new float[wordIds.length];
        for (float[] row : logq) {
            for (int w = 0; w < row.length; w++) {
                mean[w] += (float) Math.exp(row[w]) / logq.length;
            }
        }
        return mean;
    }

    /** q'_w ∝ q_w / q_cf_w, in place on log q. */
    private static void calibrate(float[] logq, float[] cf) {
        double z = 0;
        for (int w = 0; w < logq.length; w++) {
            logq[w] -= (float) Math.log(cf[w]);
            z += Math.exp(logq[w]);
        }
        float logZ = (float) Math.log(z);
        for (int w = 0; w < logq.length; w++) {
            logq[w] -= logZ;
        }
    }

    private float[][] wordLogProbs(List<Prompt> prompts) {
        Torch.gradMode(false);
        ParameterStore ps = new ParameterStore(model.manager(), false);
        float[][] out = new float[prompts.size()][];
        Integer[] order = java.util.stream.IntStream.range(0, prompts.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, java.util.Comparator.comparingInt((Integer i) -> prompts.get(i).encoding().length()).reversed());
        for (int from = 0; from < order.length; from += BATCH) {
            int[] rows = Arrays.stream(order, from, Math.min(order.length, from + BATCH)).mapToInt(Integer::intValue).toArray();
            try (NDManager scope = model.manager().newSubManager()) {
                float[] flat = wordLogProbs(ps, prompts, rows, false, scope).toFloatArray();
                for (int r = 0; r < rows.length; r++) {
                    out[rows[r]] = Arrays.copyOfRange(flat, r * wordIds.length, (r + 1) * wordIds.length);
                }
            }
        }
        return out;
    }

    private float[] labelMeans(float[] logq) {
        int c = labels.size();
        float[] s = new float[c];
        for (int w = 0; w < logq.length; w++) {
            for (int k = 0; k < c; k++) {
                s[k] += logq[w] * labelMeans[w * c + k];
            }
        }
        return s;
    }

    private static float[] softmax(float[] s) {
        float max = Float.NEGATIVE_INFINITY;
        for (float x : s) {
            max = Math.max(max, x);
        }
        double z = 0;
        float[] p = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            p[i] = (float) Math.exp(s[i] - max);
            z += p[i];
        }
        for (int i = 0; i < s.length; i++) {
            p[i] /= (float) z;
        }
        return p;
    }

    /** The {@code tune4j.prompt} section recorded for this classifier, for {@link MlmModel#save}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("template", template.pattern());
        JsonObject v = new JsonObject();
        for (int c = 0; c < labels.size(); c++) {
            JsonArray list = new JsonArray();
            words.get(c).forEach(list::add);
            v.add(labels.name(c), list);
        }
        o.add("verbalizer", v);
        o.addProperty("max_length", maxLength);
        o.addProperty("truncation", truncation.name().toLowerCase(java.util.Locale.ROOT));
        return o;
    }

    private static JsonObject savedPrompt(Path dir) {
        Path file = dir.resolve("config.json");
        try {
            JsonObject config = dev.tune4j.JsonFiles.asObject(file, JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)));
            return config.has("tune4j") && config.getAsJsonObject("tune4j").has("prompt")
                    ? config.getAsJsonObject("tune4j").getAsJsonObject("prompt") : null;
        } catch (IOException | RuntimeException e) {
            throw new Tune4jException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static Verbalizer verbalizerOf(JsonObject o) {
        Map<String, List<String>> words = new LinkedHashMap<>();
        o.entrySet().forEach(e -> {
            List<String> list = new ArrayList<>();
            e.getValue().getAsJsonArray().forEach(w -> list.add(w.getAsString()));
            words.put(e.getKey(), list);
        });
        return new Verbalizer(words);
    }

    private static int indexOf(long[] ids, long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        model.close();
    }
}
