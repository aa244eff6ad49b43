package dev.tune4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XLM-RoBERTa's SentencePiece (Unigram) tokenizer.json: checked part by part before the native library sees it. */
class UnigramTest {

    @TempDir
    Path dir;

    static final String PIECES = "[\"<s>\", 0], [\"<pad>\", 0], [\"</s>\", 0], [\"<unk>\", 0], [\"\u2581\", -2],"
            + " [\"a\", -3], [\"b\", -3], [\"\u2581ab\", -1], [\"X\", -3]";
    static final String SPECIALS = "\"added_tokens\": [{\"id\": 0, \"content\": \"<s>\"}, {\"id\": 1, \"content\": \"<pad>\"},"
            + " {\"id\": 2, \"content\": \"</s>\"}, {\"id\": 3, \"content\": \"<unk>\"}, {\"id\": 9, \"content\": \"<mask>\", \"lstrip\": true}]";
    static final String REPLACE = "{\"type\": \"Replace\", \"pattern\": {\"Regex\": \" {2,}\"}, \"content\": \" \"}";
    static final String METASPACE = "{\"type\": \"Metaspace\", \"replacement\": \"\u2581\", \"prepend_scheme\": \"always\", \"split\": true}";

    private Path write(String normalizer, String preTokenizer, String model) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{" + SPECIALS + ", \"normalizer\": " + normalizer
                + ", \"pre_tokenizer\": " + preTokenizer + ", \"model\": {\"type\": \"Unigram\", " + model + "}}");
        return dir;
    }

    private Path write(String pieces, String unkId) throws IOException {
        return write("{\"type\": \"Sequence\", \"normalizers\": [" + REPLACE + "]}", METASPACE,
                "\"unk_id\": " + unkId + ", \"vocab\": [" + pieces + "]");
    }

    @Test
    void encodesWithXlmRobertasSpecialsAndMask() throws IOException {
        write(PIECES, "3");
        try (BertTokenizer t = BertTokenizer.fromDirectory(dir)) {
            assertArrayEquals(new long[] {0, 7, 7, 2}, t.encode("ab    ab").inputIds());
            assertArrayEquals(new long[] {0, 7, 3, 2}, t.encode("abc").inputIds(), "c is <unk>");
            assertArrayEquals(new long[] {0, 7, 9, 2}, t.encode("ab <mask>").inputIds(), "<mask> strips the space before it");
            assertEquals("<mask>", t.maskToken());
            assertEquals(1, t.padId());
            assertEquals(10, t.vocabSize());
            assertEquals("ab ab", t.decode(new long[] {0, 7, 7, 2}));
        }
    }

    @Test
    void piecesMustBeUniqueNonEmptyStringsWithFiniteScores() throws IOException {
        assertOneLine(write(PIECES + ", [\"a\", -4]", "3"), "model.vocab lists \"a\" twice (5 and 9)");
        assertOneLine(write(PIECES.replace("[\"b\", -3]", "[\"b\", NaN]"), "3"), "model.vocab[6] [\"b\",\"NaN\"] is not a [piece, score] pair");
        assertOneLine(write(PIECES.replace("[\"b\", -3]", "[\"b\", \"-3\"]"), "3"), "model.vocab[6]");
        assertOneLine(write(PIECES.replace("[\"b\", -3]", "[\"\", -3]"), "3"), "model.vocab[6]");
        assertOneLine(write(PIECES.replace("[\"b\", -3]", "[\"\\ud800\", -3]"), "3"), "model.vocab[6]");
        assertOneLine(write(PIECES, "9"), "model.unk_id is 9, not the id of one of the 9 pieces");
        assertOneLine(write(PIECES, "null"), "model.unk_id is null");
        assertOneLine(write(PIECES.replace("[\"<s>\", 0], ", "[\"<t>\", 0], "), "3"), "\"<t>\" and \"<s>\" both have id 0");
    }

    @Test
    void onlyKnownNormalizersAndMetaspacePass() throws IOException {
        String model = "\"unk_id\": 3, \"vocab\": [" + PIECES + "]";
        assertOneLine(write("{\"type\": \"BertNormalizer\"}", METASPACE, model), "normalizer {\"type\":\"BertNormalizer\"} is not a normalizer tune4j reads");
        assertOneLine(write("{\"type\": \"Replace\", \"pattern\": {\"Regex\": \"(a+)+$\"}, \"content\": \"\"}", METASPACE, model),
                "is not a Replace tune4j reads");
        assertOneLine(write("null", "{\"type\": \"ByteLevel\"}", model), "pre_tokenizer {\"type\":\"ByteLevel\"} is not Metaspace");
        assertOneLine(write("null", METASPACE.replace("always", "sometimes"), model), "prepend_scheme \"sometimes\"");
        assertOneLine(write("null", METASPACE.replace("\"\u2581\"", "\"ab\""), model), "replacement \"ab\" is not one character");
        assertOneLine(write("null", METASPACE, model + ", \"byte_fallback\": true"), "byte_fallback is true but the vocabulary lacks <0x00>");
        // Recent converters put WhitespaceSplit before Metaspace; NFKC and a literal Replace pass too.
        write("{\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"NFKC\"}, {\"type\": \"Replace\", \"pattern\": {\"String\": \"b\"},"
                + " \"content\": \"a\"}]}", "{\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"WhitespaceSplit\"}, " + METASPACE + "]}", model);
        try (BertTokenizer t = BertTokenizer.fromDirectory(dir)) {
            assertArrayEquals(new long[] {0, 4, 5, 5, 4, 5, 5, 2}, t.encode("ab  ab").inputIds(), "b became a: \u2581 a a, twice");
        }
    }

    /**
     * A hand-made charsmap that maps "a" to "X": 256 units; unit 97 is labelled 'a' with a leaf at 97 ^ 2 = 99, whose
     * value is the offset of "X" in the replacement text (353 NULs, then "X\0").
     */
    @Test
    void aPrecompiledCharsmapIsWalkedAndPassedOn() throws IOException {
        assertArrayEquals(new long[] {0, 4, 8, 4, 6, 2}, encodeWith(charsmap(353, "X")), "\"a b\" -> \"X b\"");
        assertOneLine(writeCharsmap(charsmap(356, "X")), "points at byte 356 of its 355-byte replacement text");
        assertOneLine(writeCharsmap(charsmap(354, "\u00e9")), "points at byte 354 of its 356-byte replacement text");
        assertOneLine(writeCharsmap("not base64!"), "precompiled_charsmap is not base64");
        byte[] blob = Base64.getDecoder().decode(charsmap(353, "X"));
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x7FFFFFFC);
        assertOneLine(writeCharsmap(Base64.getEncoder().encodeToString(blob)), "announces a trie of 2147483644 bytes");
        blob = Base64.getDecoder().decode(charsmap(353, "X"));
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 256 << 10); // the root's children at 256 ^ c
        assertOneLine(writeCharsmap(Base64.getEncoder().encodeToString(blob)), "has a trie transition past its 256 units");
        blob = Base64.getDecoder().decode(charsmap(353, "X"));
        blob[blob.length - 3] = (byte) 0xC3; // "\0X\0" -> "\0" 0xC3 "\0": not UTF-8
        assertOneLine(writeCharsmap(Base64.getEncoder().encodeToString(blob)), "replacement text that is not UTF-8");
    }

    /** The nmt_nfkc charsmap of bench/parity/unigram_fixture.py's model (as in XLM-RoBERTa's) passes the walk. */
    @Test
    void sentencePiecesOwnCharsmapPasses() throws IOException {
        try (InputStream in = UnigramTest.class.getResourceAsStream("/families/xlm-roberta/tokenizer.json")) {
            JsonObject json = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            String charsmap = json.getAsJsonObject("normalizer").getAsJsonArray("normalizers").get(0).getAsJsonObject()
                    .get("precompiled_charsmap").getAsString();
            PrecompiledCharsmap.check(dir.resolve("tokenizer.json"), "normalizer", charsmap);
            assertTrue(charsmap.length() > 200_000, "the full nmt_nfkc table");
        }
    }

    private long[] encodeWith(String charsmap) throws IOException {
        writeCharsmap(charsmap);
        try (BertTokenizer t = BertTokenizer.fromDirectory(dir)) {
            return t.encode("a b").inputIds();
        }
    }

    private Path writeCharsmap(String charsmap) throws IOException {
        return write("{\"type\": \"Precompiled\", \"precompiled_charsmap\": \"" + charsmap + "\"}", METASPACE,
                "\"unk_id\": 3, \"vocab\": [" + PIECES + "]");
    }

    /** A valid charsmap ({@code leafValue} 353) maps "a" to {@code replacement}; the fuzz seeds use it too. */
    static String charsmap(int leafValue, String replacement) {
        byte[] text = ("\0".repeat(353) + replacement + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer blob = ByteBuffer.allocate(4 + 256 * 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        blob.putInt(256 * 4);
        for (int u = 0; u < 256; u++) {
            blob.putInt(u == 97 ? 2 << 10 | 1 << 8 | 97 : u == 99 ? leafValue : 0);
        }
        blob.put(text);
        return Base64.getEncoder().encodeToString(blob.array());
    }

    private void assertOneLine(Path directory, String expected) {
        Tune4jException e = assertThrows(Tune4jException.class, () -> BertTokenizer.fromDirectory(directory).close());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
