package dev.tune4j.tokenize;

import static dev.tune4j.FuzzSeeds.utf8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tune4j.FuzzSeeds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writes TokenizerFilesFuzzTest's seeds (run with -Dtune4j.writeFuzzSeeds=true); skipped otherwise. */
class TokenizerFilesFuzzSeeds {

    @Test
    void write() throws Exception {
        assumeTrue(FuzzSeeds.enabled(), "writes the fuzz corpus only when asked");
        Vocabulary vocabulary = Vocabulary.ofLines(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", ",",
                "world", "!", "na", "##ive", "cafe"));
        String json = TokenizerJson.forBert(vocabulary, SpecialTokens.of(vocabulary), true);
        FuzzSeeds.write(TokenizerFilesFuzzTest.class, "tokenizerJson", "tiny-bert", utf8(json));
        // RoBERTa's byte-level BPE (vocabulary, merges, added tokens), as bench/parity/families_fixture.py trained it.
        try (java.io.InputStream in = TokenizerFilesFuzzSeeds.class.getResourceAsStream("/families/roberta/tokenizer.json")) {
            FuzzSeeds.write(TokenizerFilesFuzzTest.class, "tokenizerJson", "tiny-roberta-bpe", in.readAllBytes());
        }
        // XLM-RoBERTa's SentencePiece Unigram: pieces and scores, unk_id, Precompiled charsmap (a small hand-made one:
        // the real nmt_nfkc table is 320 kB, beyond what mutation explores), Replace, Metaspace and <mask>.
        FuzzSeeds.write(TokenizerFilesFuzzTest.class, "tokenizerJson", "tiny-xlmr-unigram", utf8("{" + UnigramTest.SPECIALS
                + ", \"normalizer\": {\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"Precompiled\", \"precompiled_charsmap\": \""
                + UnigramTest.charsmap(353, "X") + "\"}, " + UnigramTest.REPLACE + "]}, \"pre_tokenizer\": " + UnigramTest.METASPACE
                + ", \"model\": {\"type\": \"Unigram\", \"unk_id\": 3, \"vocab\": [" + UnigramTest.PIECES + "]}}"));
        FuzzSeeds.write(TokenizerFilesFuzzTest.class, "tokenizerConfigJson", "uncased",
                utf8("{\"tokenizer_class\": \"BertTokenizer\", \"do_lower_case\": true, \"model_max_length\": 512}"));
    }
}
