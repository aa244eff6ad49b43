package dev.tune4j.tokenize;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tune4j.Tune4jException;
import dev.tune4j.engine.Offline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * BERT WordPiece tokenization with the same ids as Hugging Face's {@code BertTokenizerFast}.
 *
 * <p>Hugging Face's Rust tokenizer (through DJL) splits text into word pieces; special tokens,
 * truncation and padding are applied here, as {@link TokenizerOptions} say. The batch methods hand
 * all texts to Rust at once, which tokenizes them on all cores (Rayon's global pool; the environment
 * variable {@code RAYON_NUM_THREADS} caps it).
 *
 * <p>Thread-safe. Holds native memory until {@link #close()}.
 */
public final class BertTokenizer implements AutoCloseable {

    /**
     * Rust adds nothing, cuts nothing, pads nothing: specials, truncation and padding are done in
     * {@link EncodingAssembler}. Without these options DJL would truncate at 512 and pad batches.
     */
    private static final Map<String, String> RAW_PIECES =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer rust;
    private final Vocabulary vocabulary;
    private final SpecialTokens special;
    private final EncodingAssembler assembler;
    private final EncodingAssembler untruncated;
    private final TokenizerOptions options;

    private BertTokenizer(
            HuggingFaceTokenizer rust, Vocabulary vocabulary, SpecialTokens special, TokenizerOptions options) {
        this.rust = rust;
        this.vocabulary = vocabulary;
        this.special = special;
        this.assembler = new EncodingAssembler(options, special);
        this.untruncated = new EncodingAssembler(new TokenizerOptions(0, options.truncation(), Padding.NONE), special);
        this.options = options;
    }

    /** The tokenizer of a Hugging Face model directory, without truncation or padding. */
    public static BertTokenizer fromDirectory(Path modelDir) {
        return fromDirectory(modelDir, TokenizerOptions.NONE);
    }

    /**
     * The directory's own {@code tokenizer.json} if it has one, else one generated from its {@code
     * vocab.txt}, lower-casing as the directory says (see {@link #fromVocab(Path, boolean,
     * TokenizerOptions)} to choose yourself).
     */
    public static BertTokenizer fromDirectory(Path modelDir, TokenizerOptions options) {
        Optional<Path> tokenizerJson = ModelDirectory.tokenizerJson(modelDir);
        if (tokenizerJson.isEmpty()) {
            return fromVocab(ModelDirectory.vocabTxt(modelDir), ModelDirectory.lowerCase(modelDir), options);
        }
        Path file = tokenizerJson.get();
        JsonObject parsed = ModelDirectory.parse(file);
        Vocabulary vocabulary = Vocabulary.ofTokenizerJson(file, parsed);
        SpecialTokens special;
        try {
            special = SpecialTokens.of(vocabulary);
        } catch (Tune4jException e) {
            throw new Tune4jException(file + ": " + e.getMessage(), e);
        }
        // Hugging Face's native library aborts the whole JVM on some malformed files (a Rust panic found by
        // fuzzing), so it only ever reads a tokenizer.json that tune4j writes: this file's WordPiece
        // vocabulary, special tokens and lower-casing, in BertTokenizerFast's standard pipeline, its checked
        // byte-level BPE vocabulary and merges, or its checked SentencePiece pieces, normalizer and Metaspace.
        requireKnownModel(file, parsed);
        String canonical = ByteLevelBpe.isIn(parsed) ? ByteLevelBpe.canonical(file, parsed, vocabulary)
                : Unigram.isIn(parsed) ? Unigram.canonical(file, parsed, vocabulary)
                : TokenizerJson.forBert(vocabulary, special, lowerCase(parsed, modelDir));
        return create(canonical, file.toString(), vocabulary, special, options);
    }

    /** WordPiece (also where the file names no type, as early tokenizers releases wrote it), BPE or Unigram. */
    private static void requireKnownModel(Path file, JsonObject parsed) {
        JsonElement type = parsed.getAsJsonObject("model").get("type");
        if (type != null && !(type.isJsonPrimitive() && List.of("WordPiece", "BPE", "Unigram").contains(type.getAsString()))) {
            throw new Tune4jException(file + ": model.type " + type + " is not one tune4j reads; it reads WordPiece (BERT),"
                    + " BPE (RoBERTa) and Unigram (XLM-RoBERTa, CamemBERT)");
        }
    }

    /** The normalizer's {@code lowercase} flag where the file has a BertNormalizer, else as the directory says. */
    private static boolean lowerCase(JsonObject tokenizerJson, Path modelDir) {
        JsonElement normalizer = tokenizerJson.get("normalizer");
        if (normalizer != null && normalizer.isJsonObject()) {
            JsonElement lowercase = normalizer.getAsJsonObject().get("lowercase");
            if (lowercase != null && lowercase.isJsonPrimitive() && lowercase.getAsJsonPrimitive().isBoolean()) {
                return lowercase.getAsBoolean();
            }
        }
        return ModelDirectory.lowerCase(modelDir);
    }

    /** A tokenizer for a {@code vocab.txt}, without truncation or padding. */
    public static BertTokenizer fromVocab(Path vocabTxt, boolean lowerCase) {
        return fromVocab(vocabTxt, lowerCase, TokenizerOptions.NONE);
    }

    /**
     * @param lowerCase true for uncased checkpoints: lower-cases and strips accents
     */
    public static BertTokenizer fromVocab(Path vocabTxt, boolean lowerCase, TokenizerOptions options) {
        Vocabulary vocabulary = Vocabulary.ofLines(ModelDirectory.readLines(vocabTxt));
        SpecialTokens special = SpecialTokens.of(vocabulary);
        String json = TokenizerJson.forBert(vocabulary, special, lowerCase);
        String source = "the tokenizer.json generated from " + vocabTxt;
        return create(json, source, vocabulary, special, options);
    }

    private static BertTokenizer create(String json, String source, Vocabulary vocabulary,
            SpecialTokens special, TokenizerOptions options) {
        Offline.ensure();
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            return new BertTokenizer(HuggingFaceTokenizer.newInstance(in, RAW_PIECES), vocabulary, special, options);
        } catch (EngineException e) {
            throw e; // the native library failed to load: not a problem with the file
        } catch (IOException | RuntimeException e) {
            // The native side reports a malformed tokenizer.json as a bare RuntimeException.
            throw new Tune4jException("Hugging Face tokenizers cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** {@code [CLS] text [SEP]}. */
    public Encoding encode(String text) {
        return encodeAll(List.of(text)).get(0);
    }

    /** {@code [CLS] text [SEP] pair [SEP]}, pair tokens with type id 1. */
    public Encoding encode(String text, String pair) {
        return encodeAll(List.of(text), List.of(pair)).get(0);
    }

    /** Tokenizes all texts in one multithreaded Rust call, then truncates and pads them. */
    public List<Encoding> encodeAll(List<String> texts) {
        return encodeAll(texts, true);
    }

    /**
     * As {@link #encodeAll(List)}; with {@code truncate} false a text keeps all its tokens, even past
     * {@link TokenizerOptions#maxLength()}, so that a caller can refuse it and say by how much it is too long.
     * Encodings are padded as the options say unless one is that long; then none is.
     */
    public List<Encoding> encodeAll(List<String> texts, boolean truncate) {
        EncodingAssembler using = truncate ? assembler : untruncated;
        List<long[]> pieces = pieces(texts);
        List<Encoding> encodings = new ArrayList<>(pieces.size());
        boolean tooLong = false;
        for (long[] p : pieces) {
            Encoding e = using.single(p);
            tooLong |= options.truncates() && e.length() > options.maxLength();
            encodings.add(e);
        }
        return tooLong ? encodings : assembler.pad(encodings);
    }

    /** How this tokenizer truncates and pads. */
    public TokenizerOptions options() {
        return options;
    }

    /** Pairs {@code texts.get(i)} with {@code pairs.get(i)}; see {@link #encode(String, String)}. */
    public List<Encoding> encodeAll(List<String> texts, List<String> pairs) {
        if (texts.size() != pairs.size()) {
            throw new IllegalArgumentException(
                    "Got " + texts.size() + " texts but " + pairs.size() + " pairs; they must match");
        }
        List<String> both = new ArrayList<>(texts.size() * 2);
        both.addAll(texts);
        both.addAll(pairs);
        List<long[]> pieces = pieces(both);
        List<Encoding> encodings = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            encodings.add(assembler.pair(pieces.get(i), pieces.get(texts.size() + i)));
        }
        return assembler.pad(encodings);
    }

    /** {@link #encodeAll(List)} stacked for the model; needs padding unless all lengths agree. */
    public Batch batch(List<String> texts) {
        return Batch.of(encodeAll(texts));
    }

    public Batch batch(List<String> texts, List<String> pairs) {
        return Batch.of(encodeAll(texts, pairs));
    }

    /**
     * A word piece of a text and the characters it came from: {@code text.substring(start, end)} (UTF-16 indices
     * of the Java string, as {@link String#substring} takes them). Pieces of one word share the word's span
     * piecewise ({@code "playing"} → {@code play} 0–4, {@code ##ing} 4–7); -1, -1 where the tokenizer kept none.
     */
    public record PieceSpan(long id, int start, int end) {}

    /**
     * The word pieces of {@code text} with their spans, untruncated and without [CLS] and [SEP]: the ids
     * {@link #encode(String)} puts between them. For showing which characters each token covers.
     */
    public List<PieceSpan> pieceSpans(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT_CHARS) {
            throw new Tune4jException(String.format("the text has %,d characters, over the limit of %,d; split it",
                    text.length(), MAX_TEXT_CHARS));
        }
        long handle = TokenizersLibrary.LIB.batchEncode(rust.getHandle(), new String[] {text}, false)[0];
        try {
            long[] ids = TokenizersLibrary.LIB.getTokenIds(handle);
            CharSpan[] spans = TokenizersLibrary.LIB.getTokenCharSpans(handle);
            // Rust counts characters (code points); a Java string counts UTF-16 units.
            int[] utf16 = text.codePoints().map(Character::charCount).toArray();
            int[] index = new int[utf16.length + 1];
            for (int c = 0; c < utf16.length; c++) {
                index[c + 1] = index[c] + utf16[c];
            }
            List<PieceSpan> out = new ArrayList<>(ids.length);
            for (int i = 0; i < ids.length; i++) {
                CharSpan s = spans[i];
                out.add(s == null ? new PieceSpan(ids[i], -1, -1)
                        : new PieceSpan(ids[i], index[s.getStart()], index[s.getEnd()]));
            }
            return out;
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(handle);
        }
    }

    /** The word pieces behind {@code ids}, for display and debugging. */
    public List<String> tokens(long[] ids) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (long id : ids) {
            tokens.add(vocabulary.token(id));
        }
        return tokens;
    }

    /** Text for ids, word pieces joined, special tokens dropped. */
    public String decode(long[] ids) {
        return rust.decode(ids, true);
    }

    /** Rows of the embedding matrix this vocabulary needs. */
    public int vocabSize() {
        return vocabulary.size();
    }

    /** The id of {@code token}, or the [UNK] id when the vocabulary lacks it, as in Hugging Face. */
    public long tokenId(String token) {
        return vocabulary.idOrElse(token, special.unk());
    }

    /** @throws IllegalArgumentException for an id outside the vocabulary */
    public String token(long id) {
        return vocabulary.token(id);
    }

    public SpecialTokens specialTokens() {
        return special;
    }

    public long clsId() {
        return special.cls();
    }

    public long sepId() {
        return special.sep();
    }

    public long padId() {
        return special.pad();
    }

    /** The mask token as text ({@code [MASK]}, RoBERTa's {@code <mask>}), for prompts that name it. */
    public String maskToken() {
        return vocabulary.token(special.mask());
    }

    public long maskId() {
        return special.mask();
    }

    public long unkId() {
        return special.unk();
    }

    @Override
    public void close() {
        rust.close();
    }

    /**
     * Word-piece ids of each text, no special tokens, tokenized in one multithreaded Rust call. This
     * goes to DJL's JNI layer directly: {@code HuggingFaceTokenizer.batchEncode} also copies tokens,
     * offsets, word ids and masks of every text into Java, which took a third of the time and which we
     * never use (tokens follow from ids through the vocabulary).
     */
    /** The longest text encoded, in characters, as the data readers allow; see dev.tune4j.data's TextCell. */
    public static final int MAX_TEXT_CHARS = 1_000_000;

    private List<long[]> pieces(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).length() > MAX_TEXT_CHARS) {
                throw new Tune4jException(String.format("text %d of %d has %,d characters, over the limit of %,d; "
                        + "split it", i + 1, texts.size(), texts.get(i).length(), MAX_TEXT_CHARS));
            }
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        String[] array = texts.toArray(String[]::new);
        for (int i = 0; i < array.length; i++) {
            Objects.requireNonNull(array[i], "text " + i);
        }
        long[] handles = TokenizersLibrary.LIB.batchEncode(rust.getHandle(), array, false);
        List<long[]> pieces = new ArrayList<>(handles.length);
        try {
            for (long handle : handles) {
                pieces.add(TokenizersLibrary.LIB.getTokenIds(handle));
            }
        } finally {
            for (long handle : handles) {
                TokenizersLibrary.LIB.deleteEncoding(handle);
            }
        }
        return pieces;
    }
}
