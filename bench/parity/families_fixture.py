"""Writes the tiny parity fixtures of the RoBERTa, DistilBERT and ELECTRA families for tune4j-core's tests.

For each family a tiny random config (hidden 32, 2 layers, 4 heads) is built in transformers; every tensor
its save_pretrained would write gets deterministic values from the formula of TinyFixture.java (keyed by the
checkpoint name), so no weight file is committed: the fixture lists the checkpoint keys and shapes, the
config.json, the token ids of a padded batch, and what transformers computes from them (last hidden state,
and MLM logits where the family has an MLM head). RoBERTa's byte-level BPE tokenizer.json (trained here on
a few sentences) is committed next to it, with the ids transformers gives the texts.

Run from the repository root: bench/.venv/bin/python bench/parity/families_fixture.py (torch, transformers).
"""
import json
import math
import sys
import tempfile
from pathlib import Path

import torch
from safetensors import safe_open
from tokenizers import BertWordPieceTokenizer, ByteLevelBPETokenizer
from tokenizers.processors import BertProcessing, RobertaProcessing
from transformers import (DistilBertConfig, DistilBertForMaskedLM, DistilBertTokenizerFast, ElectraConfig,
                          ElectraForPreTraining, ElectraTokenizerFast, RobertaConfig, RobertaForMaskedLM,
                          RobertaTokenizerFast)

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "tune4j-core/src/test/resources/families")
TEXTS = ["the movie was great, I loved it", "awful plot", "a film and its actor"]
WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "movie", "was", "great", ",", "i", "loved", "it",
         "awful", "plot", "a", "film", "and", "its", "actor", "##s", "good", "bad"]
CORPUS = TEXTS + ["the film was good", "the actor was bad", "I loved the plot", "it was awful and great"] * 3


def value(key, n):
    """Same formula as TinyFixture.java: a sine wave whose phase depends on the key."""
    s = sum((i + 1) * ord(c) for i, c in enumerate(key)) % 997
    base = 1.0 if key.endswith("LayerNorm.weight") or key.endswith("layer_norm.weight") else 0.0
    return [base + 0.08 * math.sin(0.731 * j + 0.1 * s) for j in range(n)]


def saved_keys(model):
    """The tensors save_pretrained writes (tied copies left out), with their shapes."""
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp, safe_serialization=True)
        with safe_open(str(Path(tmp) / "model.safetensors"), "pt") as f:
            return {k: list(f.get_slice(k).get_shape()) for k in f.keys()}


def fill(model, keys):
    params = dict(model.named_parameters(remove_duplicate=False))
    params.update(dict(model.named_buffers()))
    with torch.no_grad():
        for key, shape in keys.items():
            n = math.prod(shape)
            params[key].copy_(torch.tensor(value(key, n), dtype=torch.float64).to(torch.float32).view(shape))
    model.tie_weights()
    model.eval()


def round_list(t):
    return [float("%.7g" % x) for x in t.flatten().tolist()]


def roberta_tokenizer(directory):
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(CORPUS, vocab_size=300, min_frequency=1,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    bpe._tokenizer.post_processor = RobertaProcessing(("</s>", bpe.token_to_id("</s>")), ("<s>", bpe.token_to_id("<s>")))
    tok = RobertaTokenizerFast(tokenizer_object=bpe._tokenizer, bos_token="<s>", eos_token="</s>", sep_token="</s>",
                               cls_token="<s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>")
    tok.save_pretrained(str(directory))
    (directory / "special_tokens_map.json").unlink(missing_ok=True)
    return tok


def wordpiece_tokenizer(directory, cls):
    (directory / "vocab.txt").write_text("\n".join(WORDS) + "\n")
    wordpiece = BertWordPieceTokenizer({w: i for i, w in enumerate(WORDS)}, lowercase=True)
    wordpiece._tokenizer.post_processor = BertProcessing(("[SEP]", 3), ("[CLS]", 2))
    return cls(tokenizer_object=wordpiece._tokenizer, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
               cls_token="[CLS]", mask_token="[MASK]")


def case(name, model, config, tok, keys, mlm):
    enc = tok(TEXTS, padding=True, return_tensors="pt")
    x = {k: v for k, v in enc.items() if k in ("input_ids", "attention_mask", "token_type_ids")}
    with torch.no_grad():
        out = model(**x, output_hidden_states=True)
    result = {
        "family": name,
        "config": config.to_dict(),
        "keys": keys,
        "texts": TEXTS,
        "input_ids": enc["input_ids"].tolist(),
        "attention_mask": enc["attention_mask"].tolist(),
        "last_hidden_state": round_list(out.hidden_states[-1]),
    }
    if mlm:
        result["logits"] = round_list(out.logits)
    return result


def main():
    torch.manual_seed(0)
    OUT.mkdir(parents=True, exist_ok=True)
    small = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
                 max_position_embeddings=64, hidden_act="gelu")
    cases = []

    rdir = OUT / "roberta"
    rdir.mkdir(exist_ok=True)
    rtok = roberta_tokenizer(rdir)
    rcfg = RobertaConfig(vocab_size=len(rtok), type_vocab_size=1, pad_token_id=rtok.pad_token_id,
                         bos_token_id=rtok.bos_token_id, eos_token_id=rtok.eos_token_id, layer_norm_eps=1e-5, **small)
    rcfg.max_position_embeddings = 66  # RoBERTa's positions start after padding_idx (1): 64 tokens need 66
    model = RobertaForMaskedLM(rcfg)
    keys = saved_keys(model)
    fill(model, keys)
    cases.append(case("roberta", model, rcfg, rtok, keys, True))

    ddir = OUT / "distilbert"
    ddir.mkdir(exist_ok=True)
    dtok = wordpiece_tokenizer(ddir, DistilBertTokenizerFast)
    dcfg = DistilBertConfig(vocab_size=len(WORDS), dim=32, n_layers=2, n_heads=4, hidden_dim=37,
                            max_position_embeddings=64, activation="gelu", pad_token_id=0)
    model = DistilBertForMaskedLM(dcfg)
    keys = saved_keys(model)
    fill(model, keys)
    cases.append(case("distilbert", model, dcfg, dtok, keys, True))

    edir = OUT / "electra"
    edir.mkdir(exist_ok=True)
    etok = wordpiece_tokenizer(edir, ElectraTokenizerFast)
    ecfg = ElectraConfig(vocab_size=len(WORDS), embedding_size=16, pad_token_id=0, type_vocab_size=2, **small)
    model = ElectraForPreTraining(ecfg)
    keys = saved_keys(model)
    fill(model, keys)
    cases.append(case("electra", model, ecfg, etok, keys, False))

    for c in cases:
        (OUT / c["family"] / "parity.json").write_text(json.dumps(c) + "\n")
    print("wrote", [str(OUT / c["family"]) for c in cases], "with transformers", __import__("transformers").__version__)


if __name__ == "__main__":
    main()
