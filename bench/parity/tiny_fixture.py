"""Writes the tiny-config parity fixture used by tune4j-core's unit tests.

A tiny BERT (vocab 99, hidden 32, 2 layers, 4 heads, intermediate 37) gets deterministic weights from a
formula that the Java test evaluates too, so no weight file is committed; Hugging Face transformers
computes the expected outputs. Run: python3 bench/parity/tiny_fixture.py (needs torch + transformers).
"""
import json
import math
import sys

import torch
from transformers import BertConfig, BertForMaskedLM, BertModel

OUT = sys.argv[1] if len(sys.argv) > 1 else "tune4j-core/src/test/resources/tiny-bert-parity.json"


def value(key, n):
    """Same formula as TinyFixture.java: a sine wave whose phase depends on the key."""
    s = sum((i + 1) * ord(c) for i, c in enumerate(key)) % 997
    base = 1.0 if key.endswith("LayerNorm.weight") else 0.0
    return [base + 0.08 * math.sin(0.731 * j + 0.1 * s) for j in range(n)]


def fill(model, prefix_to_strip=""):
    sd = model.state_dict()
    with torch.no_grad():
        for key, tensor in sd.items():
            if key.endswith("position_ids") or key.endswith("token_type_ids") or key.startswith("cls.predictions.decoder"):
                continue
            name = key[len(prefix_to_strip):] if key.startswith(prefix_to_strip) else key
            vals = torch.tensor(value(name, tensor.numel()), dtype=torch.float64).to(torch.float32)
            tensor.copy_(vals.view(tensor.shape))
    model.tie_weights()
    model.eval()


def round_list(t):
    return [float("%.7g" % x) for x in t.flatten().tolist()]


ids = [[2, 17, 45, 3, 88, 61, 4], [2, 9, 33, 4, 0, 0, 0]]
types = [[0, 0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0]]
mask = [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0]]
cases = []
for act in ["gelu", "gelu_new"]:
    cfg = BertConfig(vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=37, hidden_act=act, max_position_embeddings=64, type_vocab_size=2,
                     layer_norm_eps=1e-12, pad_token_id=0)
    mlm = BertForMaskedLM(cfg)
    fill(mlm)
    base = BertModel(cfg, add_pooling_layer=True)
    fill(base, "bert.")
    # HF now masks with the dtype's minimum; BERT and tune4j add -10000. Same softmax to float precision.
    with torch.no_grad():
        x = dict(input_ids=torch.tensor(ids), token_type_ids=torch.tensor(types), attention_mask=torch.tensor(mask))
        logits = mlm(**x).logits
        out = base(**x)
    cases.append({
        "hidden_act": act,
        "logits": round_list(logits),
        "sequence_output": round_list(out.last_hidden_state),
        "pooled_output": round_list(out.pooler_output),
    })

json.dump({"config": {k: v for k, v in cfg.to_dict().items() if k != "hidden_act"},
           "input_ids": ids, "token_type_ids": types, "attention_mask": mask,
           "transformers_version": __import__("transformers").__version__, "cases": cases},
          open(OUT, "w"), indent=None)
print("wrote", OUT)
