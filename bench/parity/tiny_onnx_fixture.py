"""Writes the tiny ONNX fixtures of tune4j-core's ONNX conversion tests (tune4j-core/src/test/resources/onnx/).

A tiny random BertModel (vocab 40, hidden 16, 2 layers, 2 heads, intermediate 20, 32 positions, seed 0) is
exported with torch.onnx.export's TorchScript exporter, as Xenova's all-MiniLM-L6-v2 was: embeddings, biases and
LayerNorms keep their names, every Linear weight becomes an anonymous transposed initializer onnx::MatMul_NNN.
onnxruntime then computes the reference outputs on that file (tiny-bert.json: token ids of three texts from the
tokenizer, the last hidden state's [CLS] row and the mean-pooled, L2-normalized sentence vector). Three tampered
copies each break one weight: tiny-bert-missing.onnx (layer 0's key projection no longer feeds its bias's Add),
tiny-bert-duplicated.onnx (layer 0's value product is added to the key bias) and tiny-bert-misshaped.onnx
(layer 1's query weight loses a column). Also the small seed of the ONNX fuzz target (ModelFilesFuzzTestInputs/onnxModel/
minimal-bert). Deterministic; needs torch, transformers, onnx and onnxruntime:
    bench/.venv/bin/python bench/parity/tiny_onnx_fixture.py
"""
import json
import os
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime
import torch
from onnx import numpy_helper
from transformers import BertConfig, BertModel, BertTokenizerFast

OUT = sys.argv[1] if len(sys.argv) > 1 else "tune4j-core/src/test/resources/onnx"
WORDS = ["the", "cat", "sat", "on", "mat", "dog", "ran", "a", "good", "bad", "movie", "was", "very", "##s", "##ing",
         "film", "i", "love", "it", "hate", "this", "!", ".", ","]
TEXTS = ["The cat sat on the mat.", "I love this movie!", "a bad film, very bad"]


def tokenizer(tmp):
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS
    vocab += ["[unused%d]" % i for i in range(40 - len(vocab))]
    path = os.path.join(tmp, "vocab.txt")
    with open(path, "w") as f:
        f.write("\n".join(vocab) + "\n")
    tok = BertTokenizerFast(vocab={token: i for i, token in enumerate(vocab)}, do_lower_case=True)
    tok.save_pretrained(tmp)
    return tok, os.path.join(tmp, "tokenizer.json")


class Keywords(BertModel):
    """BertModel called positionally as the exporter does (its positional order changed in transformers 5)."""

    def forward(self, input_ids, attention_mask, token_type_ids):
        return super().forward(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state


def export(path, sizes=None):
    torch.manual_seed(0)
    cfg = BertConfig(**(sizes or dict(vocab_size=40, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                                      intermediate_size=20, max_position_embeddings=32)),
                     type_vocab_size=2, hidden_act="gelu", layer_norm_eps=1e-12)
    model = Keywords(cfg, add_pooling_layer=False).eval()
    with torch.no_grad():  # random LayerNorms and biases too, so a swapped name cannot go unnoticed
        for name, p in model.named_parameters():
            if "LayerNorm" in name or name.endswith("bias"):
                p.add_(torch.randn_like(p) * 0.1)
    x = torch.ones(1, 4, dtype=torch.long)
    torch.onnx.export(model, (x, x, torch.zeros_like(x)), path, input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"], opset_version=14, dynamo=False,
                      dynamic_axes={n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids"]})


def reference(onnx_path, tok):
    enc = tok(TEXTS, padding=True, return_tensors="np")
    session = onnxruntime.InferenceSession(onnx_path)
    hidden = session.run(None, {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"],
                                "token_type_ids": enc["token_type_ids"]})[0]  # (B, T, H)
    mask = enc["attention_mask"][:, :, None].astype(np.float64)
    mean = (hidden * mask).sum(1) / mask.sum(1)
    unit = mean / np.linalg.norm(mean, axis=1, keepdims=True)
    cases = []
    for i, text in enumerate(TEXTS):
        ids = [int(t) for t, m in zip(enc["input_ids"][i], enc["attention_mask"][i]) if m]
        cases.append({"text": text, "input_ids": ids, "cls": [float("%.7g" % v) for v in hidden[i, 0]],
                      "embedding": [float("%.7g" % v) for v in unit[i]]})
    return cases


def node_adding(model, bias):
    return next(n for n in model.graph.node if n.op_type == "Add" and bias in n.input)


def tampered(path, out):
    m = onnx.load(path)
    node_adding(m, "encoder.layer.0.attention.self.key.bias").input[:] = ["encoder.layer.0.attention.self.key.bias", "nothing"]
    onnx.save(m, os.path.join(out, "tiny-bert-missing.onnx"))
    m = onnx.load(path)
    value = node_adding(m, "encoder.layer.0.attention.self.value.bias")
    value.input[:] = [i if not i.endswith("value.bias") else "encoder.layer.0.attention.self.key.bias" for i in value.input]
    onnx.save(m, os.path.join(out, "tiny-bert-duplicated.onnx"))
    m = onnx.load(path)
    producers = {o: n for n in m.graph.node for o in n.output}
    add = node_adding(m, "encoder.layer.1.attention.self.query.bias")
    matmul = next(producers[i] for i in add.input if i in producers)
    init = next(t for t in m.graph.initializer if t.name == matmul.input[1])
    init.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init)[:, :-1].copy(), init.name))
    onnx.save(m, os.path.join(out, "tiny-bert-misshaped.onnx"))


def fuzz_seed(tmp, out):
    """A 1-layer, 4-wide export keeping only the MatMul and Add nodes: a small seed for ModelFilesFuzzTest#onnxModel."""
    path = os.path.join(tmp, "seed.onnx")
    export(path, dict(vocab_size=8, hidden_size=4, num_hidden_layers=1, num_attention_heads=1, intermediate_size=4,
                      max_position_embeddings=4))
    m = onnx.load(path)
    keep = [n for n in m.graph.node if n.op_type in ("MatMul", "Add")]
    del m.graph.node[:]
    m.graph.node.extend(keep)
    for n in m.graph.node:
        n.ClearField("name")
        n.ClearField("doc_string")
    onnx.save(m, out)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tok, tokenizer_json = tokenizer(tmp)
        path = os.path.join(OUT, "tiny-bert.onnx")
        export(path)
        names = [t.name for t in onnx.load(path).graph.initializer]
        assert sum(n.startswith("onnx::MatMul_") for n in names) == 12, names
        with open(tokenizer_json) as f, open(os.path.join(OUT, "tiny-bert-tokenizer.json"), "w") as g:
            g.write(f.read())
        with open(os.path.join(OUT, "tiny-bert.json"), "w") as f:
            json.dump({"made_by": "bench/parity/tiny_onnx_fixture.py", "onnxruntime": onnxruntime.__version__,
                       "torch": torch.__version__, "pooling": "mean over the attention mask, L2-normalized",
                       "cases": reference(path, tok)}, f, indent=1)
            f.write("\n")
        tampered(path, OUT)
        fuzz = os.path.join(os.path.dirname(OUT), "dev/tune4j/hub/ModelFilesFuzzTestInputs/onnxModel")
        os.makedirs(fuzz, exist_ok=True)
        fuzz_seed(tmp, os.path.join(fuzz, "minimal-bert"))


if __name__ == "__main__":
    main()
