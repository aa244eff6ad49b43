package dev.tune4j.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
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
import java.util.Locale;
import java.util.Map;

/**
 * Classification as a cloze task (Schick &amp; Schütze 2021; Gao et al. 2021): the text goes into a
 * {@link Template}, and each label is scored by the masked LM's probabilities of its {@link Verbalizer}
 * words at the {@code [MASK]}: p(label) = Σ over the label's words of q(word), with q normalised over all
 * verbalizer words. Optionally calibrated ({@link Calibration}): q is divided by its value for the
 * content-free input and renormalised. Several templates make an ensemble (PET): the label probabilities
 * of its members, each calibrated with its own content-free input, are averaged.
 *
 * <p>A text too long for the maximum length is cut so that what stays is next to the {@code [MASK]} by
 * default ({@link #adjacentTo}): a review's verdict tends to come at its end, which a template such as
 * {@code "{text} In summary, the movie was [MASK]."} puts right before the mask.
 *
 * <p>W letters the verbalizer words of all labels, C the labels.
 */
public final class ClozeClassifier implements AutoCloseable {

    private static final int BATCH = 32;
    /** Measured on IMDB development reviews (bench/RESULTS.md): as accurate as 512 there, at well under half the cost. */
    static final int DEFAULT_MAX_LENGTH = 256;

    /** One filled-in template: [CLS] prompt [SEP], and where its [MASK] is. */
    public record Prompt(Encoding encoding, int maskAt) {}

    /** One template of the ensemble, tokenized, with the truncation its texts get. */
    private record Member(Template template, long[] prefix, long[] suffix, Truncation truncation) {}

    private final MlmModel model;
    private final List<Member> members;
    private final LabelMap labels;
    private final List<List<String>> words;
    private final long[] wordIds;
    /** (W, C): 1 where word w belongs to label c, so q · M sums each label's word probabilities. */
    private final float[] membership;
    private final int maxLength;

    public ClozeClassifier(MlmModel model, Template template, Verbalizer verbalizer, LabelMap labels, int maxLength,
                           Truncation truncation) {
        this(model, List.of(template), verbalizer, labels, maxLength, truncation);
    }

    /**
     * @param templates  one template, or several for an ensemble; the first is the one prompt-based fine-tuning trains
     * @param truncation what a long text keeps, or null for the part next to each template's mask ({@link #adjacentTo})
     */
    public ClozeClassifier(MlmModel model, List<Template> templates, Verbalizer verbalizer, LabelMap labels, int maxLength,
                           Truncation truncation) {
        if (templates.isEmpty()) {
            throw new Tune4jException("give at least one template, e.g. \"" + Template.SENTIMENT.pattern() + "\"");
        }
        if (maxLength > model.config().maxTokens()) {
            throw new IllegalArgumentException("max length " + maxLength + " exceeds the model's "
                    + model.config().maxTokens() + " positions");
        }
        this.model = model;
        this.labels = labels;
        this.words = verbalizer.forLabels(labels);
        long[][] ids = Verbalizer.tokenIds(words, model.tokenizer());
        this.wordIds = Arrays.stream(ids).flatMapToLong(Arrays::stream).toArray();
        this.membership = new float[wordIds.length * labels.size()];
        for (int c = 0, w = 0; c < ids.length; c++) {
            for (int k = 0; k < ids[c].length; k++, w++) {
                membership[w * labels.size() + c] = 1f;
            }
        }
        this.maxLength = maxLength;
        List<Member> list = new ArrayList<>();
        for (Template t : templates) {
            // The template's [MASK] is the model's own mask token (RoBERTa's <mask>).
            String mask = model.tokenizer().maskToken();
            long[] prefix = model.pieces(List.of(t.prefix().replace(Template.MASK, mask))).get(0);
            long[] suffix = model.pieces(List.of(t.suffix().replace(Template.MASK, mask))).get(0);
            if (prefix.length + suffix.length + 3 > maxLength) {
                throw new Tune4jException("template \"" + t.pattern() + "\" takes " + (prefix.length + suffix.length)
                        + " tokens and leaves no room for text within max length " + maxLength);
            }
            list.add(new Member(t, prefix, suffix, truncation != null ? truncation : adjacentTo(t)));
        }
        this.members = List.copyOf(list);
    }

    /**
     * The truncation that keeps the text next to the template's {@code [MASK]}: the end of the text when the mask
     * comes after it (a quarter from the start, the rest from the end, the end adjacent), its start when the mask
     * comes before it.
     */
    public static Truncation adjacentTo(Template template) {
        return template.suffix().contains(Template.MASK) ? DEFAULT_TAIL : Truncation.HEAD;
    }

    /** The truncation {@link #adjacentTo} gives a mask after the text (measured on development data, bench/RESULTS.md). */
    static final Truncation DEFAULT_TAIL = Truncation.TAIL;

    /**
     * Loads a masked-LM directory. {@code templates} (null or empty), {@code verbalizer}, {@code labels} and
     * {@code truncation} may be null: a directory written by prompt-based fine-tuning records its template,
     * verbalizer, length and truncation; otherwise the template is {@link Template#SENTIMENT}, the verbalizer
     * {@link Verbalizer#SENTIMENT}, the labels the verbalizer's keys and the truncation {@link #adjacentTo} the mask.
     *
     * @param maxLength tokens of a filled-in template; 0 for the recorded one, else 256 (or fewer positions)
     */
    public static ClozeClassifier load(Path dir, List<Template> templates, Verbalizer verbalizer, LabelMap labels,
                                       int maxLength, Truncation truncation) {
        JsonObject saved = savedPrompt(dir);
        List<Template> t = templates != null && !templates.isEmpty() ? templates
                : saved != null ? List.of(new Template(saved.get("template").getAsString())) : List.of(Template.SENTIMENT);
        Verbalizer v = verbalizer != null ? verbalizer
                : saved != null ? verbalizerOf(saved.getAsJsonObject("verbalizer")) : Verbalizer.parse(Verbalizer.SENTIMENT);
        LabelMap l = labels != null ? labels : v.labels();
        Truncation cut = truncation != null ? truncation : saved != null && saved.has("truncation")
                ? Truncation.valueOf(saved.get("truncation").getAsString().toUpperCase(Locale.ROOT)) : null;
        MlmModel model = MlmModel.load(dir);
        int length = maxLength > 0 ? maxLength : saved != null && saved.has("max_length") ? saved.get("max_length").getAsInt()
                : Math.min(DEFAULT_MAX_LENGTH, model.config().maxTokens());
        try {
            return new ClozeClassifier(model, t, v, l, length, cut);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The calibration a directory's recorded prompt asks for; content-free when it records none. */
    public static Calibration.Mode recordedCalibration(Path dir) {
        JsonObject saved = savedPrompt(dir);
        return saved == null || !saved.has("calibration") ? Calibration.Mode.CONTENT_FREE
                : Calibration.Mode.fromCliName(saved.get("calibration").getAsString());
    }

    public MlmModel model() {
        return model;
    }

    /** The template prompt-based fine-tuning trains: the first of the ensemble. */
    public Template template() {
        return members.get(0).template();
    }

    public List<Template> templates() {
        return members.stream().map(Member::template).toList();
    }

    public LabelMap labels() {
        return labels;
    }

    /** The verbalizer words of each label, in label order. */
    public List<List<String>> words() {
        return words;
    }

    public int maxLength() {
        return maxLength;
    }

    /** What each template's texts keep when too long, in template order. */
    public List<Truncation> truncations() {
        return members.stream().map(Member::truncation).toList();
    }

    /** The first template's prompts, cut at the token level so that [CLS] prefix text suffix [SEP] fits max length. */
    public List<Prompt> prompts(List<String> texts) {
        return prompts(texts, 0);
    }

    /** The prompts of the {@code member}-th template of the ensemble. */
    public List<Prompt> prompts(List<String> texts, int member) {
        Member m = members.get(member);
        int budget = maxLength - 2 - m.prefix().length - m.suffix().length;
        List<Prompt> out = new ArrayList<>(texts.size());
        long maskId = model.tokenizer().maskId();
        for (long[] text : model.pieces(texts)) {
            long[] kept = m.truncation().keep(text, budget);
            long[] ids = new long[kept.length + m.prefix().length + m.suffix().length + 2];
            ids[0] = model.tokenizer().clsId();
            System.arraycopy(m.prefix(), 0, ids, 1, m.prefix().length);
            System.arraycopy(kept, 0, ids, 1 + m.prefix().length, kept.length);
            System.arraycopy(m.suffix(), 0, ids, 1 + m.prefix().length + kept.length, m.suffix().length);
            ids[ids.length - 1] = model.tokenizer().sepId();
            // The template's own [MASK], even when the text contains one too.
            int inPrefix = indexOf(m.prefix(), maskId);
            int maskAt = inPrefix >= 0 ? 1 + inPrefix : 1 + m.prefix().length + kept.length + indexOf(m.suffix(), maskId);
            long[] ones = new long[ids.length];
            Arrays.fill(ones, 1L);
            out.add(new Prompt(new Encoding(ids, new long[ids.length], ones), maskAt));
        }
        return out;
    }

    /** Label scores (B, C): log of each label's summed word probabilities at the mask, q normalised over all W words. */
    public NDArray labelScores(ParameterStore ps, List<Prompt> prompts, int[] rows, boolean training, NDManager scope) {
        NDArray logq = wordLogProbs(ps, prompts, rows, training, scope); // (B, W)
        NDArray m = scope.create(membership, new Shape(wordIds.length, labels.size())); // (W, C)
        return logq.exp().matMul(m).log(); // (B, C)
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

    /** Label probabilities (texts × C), uncalibrated or calibrated with the content-free inputs. */
    public float[][] predictProba(List<String> texts, boolean calibrate) {
        return predictProba(texts, calibrate ? Calibration.Mode.CONTENT_FREE : Calibration.Mode.OFF);
    }

    /** Label probabilities (texts × C), calibrated as {@code mode} says; an ensemble's are its members' mean. */
    public float[][] predictProba(List<String> texts, Calibration.Mode mode) {
        float[][] sum = new float[texts.size()][labels.size()];
        for (int m = 0; m < members.size(); m++) {
            float[][] p = memberProba(texts, m, mode);
            for (int i = 0; i < p.length; i++) {
                for (int c = 0; c < p[i].length; c++) {
                    sum[i][c] += p[i][c] / members.size();
                }
            }
        }
        return sum;
    }

    /** The label probabilities (texts × C) of one template of the ensemble, calibrated with its own prior. */
    float[][] memberProba(List<String> texts, int member, Calibration.Mode mode) {
        float[][] logq = wordLogProbs(prompts(texts, member));
        if (mode != Calibration.Mode.OFF && logq.length > 0) {
            float[] prior = mode == Calibration.Mode.BATCH ? Calibration.meanProbabilities(logq) : contentFree(member);
            for (float[] row : logq) {
                Calibration.apply(row, prior);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < logq.length; i++) {
            out[i] = labelProbs(logq[i]);
        }
        return out;
    }

    public ClassificationMetrics evaluate(Dataset data, boolean calibrate) {
        return evaluate(data, calibrate ? Calibration.Mode.CONTENT_FREE : Calibration.Mode.OFF);
    }

    public ClassificationMetrics evaluate(Dataset data, Calibration.Mode calibration) {
        int[] gold = new int[data.size()];
        for (int i = 0; i < gold.length; i++) {
            String name = data.labelMap().name(data.label(i));
            if (!labels.contains(name)) {
                throw new Tune4jException(data.source() + ": label '" + name + "' is not one of " + labels.names());
            }
            gold[i] = labels.id(name);
        }
        return ClassificationMetrics.compute(gold, predictProba(data.texts(), calibration), labels.names());
    }

    /** The W word probabilities for the content-free inputs of one template, averaged. */
    float[] contentFree(int member) {
        return Calibration.meanProbabilities(wordLogProbs(prompts(Calibration.CONTENT_FREE, member)));
    }

    /** log-probabilities (prompts × W) of the verbalizer words at each mask, normalised over the W words; no autograd. */
    public float[][] wordLogProbs(List<Prompt> prompts) {
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

    /** p(label) = Σ q over the label's words (q sums to 1 over W, so the labels' p do too). */
    private float[] labelProbs(float[] logq) {
        int c = labels.size();
        float[] p = new float[c];
        for (int w = 0; w < logq.length; w++) {
            for (int k = 0; k < c; k++) {
                p[k] += (float) Math.exp(logq[w]) * membership[w * c + k];
            }
        }
        return p;
    }

    /**
     * The {@code tune4j.prompt} section recorded for this classifier, for {@link MlmModel#save}: the first
     * template (the one trained), verbalizer, length, truncation and the calibration prediction uses.
     */
    public JsonObject toJson(Calibration.Mode calibration) {
        JsonObject o = new JsonObject();
        o.addProperty("template", template().pattern());
        o.add("verbalizer", ClozeDescription.verbalizer(this));
        o.addProperty("max_length", maxLength);
        o.addProperty("truncation", members.get(0).truncation().name().toLowerCase(Locale.ROOT));
        o.addProperty("calibration", calibration.cliName());
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
