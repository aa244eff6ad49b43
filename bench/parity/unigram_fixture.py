"""Writes the tiny XLM-RoBERTa parity fixture (SentencePiece Unigram tokenizer) for tune4j-core's tests.

A Unigram model is trained by SentencePiece on a few sentences (its default nmt_nfkc normalization, compiled into
the `precompiled_charsmap` that XLM-RoBERTa's and CamemBERT's tokenizer.json carry), then written as transformers'
converter writes XLM-RoBERTa: normalizer Precompiled + Replace(" {2,}" -> " "), Metaspace pre-tokenizer and
decoder, RobertaProcessing, <mask> as an added token after the pieces (lstrip, like xlm-roberta-base's), wrapped
as XLMRobertaTokenizerFast. The model is a tiny XLMRobertaForMaskedLM filled by families_fixture.py's formula.
Texts cover accents, capitals, runs of spaces, compatibility characters (ﬁ, full-width letters, which the
charsmap folds), a character the vocabulary lacks (☃) and <mask>.

Run from the repository root: bench/.venv/bin/python bench/parity/unigram_fixture.py
(torch, transformers, tokenizers, sentencepiece, protobuf).
"""
import io
import json
import sys
from pathlib import Path

import sentencepiece as spm
import torch
from sentencepiece import sentencepiece_model_pb2
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
from tokenizers.processors import RobertaProcessing
from transformers import XLMRobertaConfig, XLMRobertaForMaskedLM, XLMRobertaTokenizerFast

sys.path.insert(0, str(Path(__file__).parent))
from families_fixture import CORPUS, fill, round_list, saved_keys  # noqa: E402

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "tune4j-core/src/test/resources/families")
TEXTS = ["Héllo  WORLD, the movie was GREAT", "Café naïve résumé ☃ awful plot", "the   film  and its actor",
         "ﬁne Ｆｕｌｌ film. It was <mask>."]
SPM_CORPUS = CORPUS + ["Café naïve résumé", "Hello WORLD, a Full fine film"] * 3


def unigram_tokenizer(directory):
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(SPM_CORPUS), model_writer=model, vocab_size=60,
                                   model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
                                   minloglevel=2, bos_id=0, pad_id=1, eos_id=2, unk_id=3)
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.getvalue())
    tok = Tokenizer(models.Unigram([(p.piece, p.score) for p in proto.pieces], 3, False))
    tok.normalizer = normalizers.Sequence([normalizers.Precompiled(proto.normalizer_spec.precompiled_charsmap),
                                           normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>", AddedToken("<mask>", lstrip=True, special=True)])
    tok.post_processor = RobertaProcessing(("</s>", 2), ("<s>", 0))
    fast = XLMRobertaTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", sep_token="</s>",
                                   cls_token="<s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>")
    fast.save_pretrained(str(directory))
    (directory / "special_tokens_map.json").unlink(missing_ok=True)
    return fast


def main():
    torch.manual_seed(0)
    xdir = OUT / "xlm-roberta"
    xdir.mkdir(parents=True, exist_ok=True)
    tok = unigram_tokenizer(xdir)
    cfg = XLMRobertaConfig(vocab_size=len(tok), type_vocab_size=1, pad_token_id=tok.pad_token_id,
                           bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, layer_norm_eps=1e-5,
                           hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
                           max_position_embeddings=66, hidden_act="gelu")
    model = XLMRobertaForMaskedLM(cfg)
    keys = saved_keys(model)
    fill(model, keys)
    enc = tok(TEXTS, padding=True, return_tensors="pt")
    with torch.no_grad():
        out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], output_hidden_states=True)
    result = {
        "family": "xlm-roberta",
        "config": cfg.to_dict(),
        "keys": keys,
        "texts": TEXTS,
        "input_ids": enc["input_ids"].tolist(),
        "attention_mask": enc["attention_mask"].tolist(),
        "tokens": [tok.convert_ids_to_tokens(ids) for ids in enc["input_ids"].tolist()],
        "last_hidden_state": round_list(out.hidden_states[-1]),
        "logits": round_list(out.logits),
    }
    (xdir / "parity.json").write_text(json.dumps(result, ensure_ascii=False) + "\n")
    print("wrote", xdir, "with transformers", __import__("transformers").__version__, "tokens", result["tokens"])


if __name__ == "__main__":
    main()
