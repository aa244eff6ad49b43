"""Writes the references of tune4j-core's ONNX conversion tests (tune4j-core/src/test/resources/onnx/); no ONNX file.

The tests build their ONNX files with dev.tune4j.checkpoint.TinyOnnx (test code): a tiny BertModel (vocab 40, hidden 16,
2 layers, 2 heads, intermediate 20, 32 positions) as torch.onnx.export's TorchScript exporter writes it, as Xenova's
all-MiniLM-L6-v2 was: embeddings, biases and LayerNorms keep their names, every Linear weight becomes an anonymous
transposed initializer onnx::MatMul_NNN. Its weights come from an integer formula (weights() here, TinyOnnx.weights in
Java, bit-identical float32), so no weight file is committed. This script gives a transformers BertModel exactly those
weights, exports it with torch.onnx.export, checks that every initializer of the export holds the formula's values bit
for bit, and writes tiny-bert.json:
- graph: the export's initializers ("name [dims]", all float32) and every node that is a MatMul or an Add or reads an
  initializer ("Op name: inputs -> outputs"); OnnxGraphTest checks that TinyOnnx writes exactly these;
- cases: onnxruntime's outputs on the export: token ids of three texts from the tokenizer, the last hidden state's
  [CLS] row and the mean-pooled, L2-normalized sentence vector (OnnxJarConverterTest's parity within 2e-5).
It says whether the export's graph still matches the committed tiny-bert.json's; if not, TinyOnnx must follow it.
Also writes the tokenizer (tiny-bert-tokenizer.json) and the small seed of the ONNX fuzz target
(ModelFilesFuzzTestInputs/onnxModel/minimal-bert: a random 1-layer export keeping only its MatMul and Add nodes).
The tampered files (a weight missing, one found twice, one misshaped) are TinyOnnx variants. Deterministic; needs
torch, transformers, onnx and onnxruntime:
    bench/.venv/bin/python bench/parity/tiny_onnx_fixture.py
"""
import hashlib
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
SIZES = dict(vocab_size=40, hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=20,
             max_position_embeddings=32)
WORDS = ["the", "cat", "sat", "on", "mat", "dog", "ran", "a", "good", "bad", "movie", "was", "very", "##s", "##ing",
         "film", "i", "love", "it", "hate", "this", "!", ".", ","]
TEXTS = ["The cat sat on the mat.", "I love this movie!", "a bad film, very bad"]
MASK32 = 0xFFFFFFFF


def tokenizer(tmp):
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS
    vocab += ["[unused%d]" % i for i in range(40 - len(vocab))]
    path = os.path.join(tmp, "vocab.txt")
    with open(path, "w") as f:
        f.write("\n".join(vocab) + "\n")
    tok = BertTokenizerFast(vocab={token: i for i, token in enumerate(vocab)}, do_lower_case=True)
    tok.save_pretrained(tmp)
    return tok, os.path.join(tmp, "tokenizer.json")


def java_hash(text):
    """Java's String.hashCode as an unsigned 32-bit number."""
    h = 0
    for c in text:
        h = (31 * h + ord(c)) & MASK32
    return h


def weights(name, n):
    """TinyOnnx.weights: the flat values of the BertModel parameter `name` in its own layout ([out, in] for a Linear).

    An integer hash of (name, index) picks k in [-1000, 1000]; the value is k / 2000 in float32 (one correctly
    rounded division, the same in Java and numpy), plus 1 for LayerNorm scales. Up to ±0.5 so that attention is not
    nearly uniform: a wrong query or key weight must move the outputs by more than the tests' 2e-5."""
    seed = java_hash(name) * 1000003
    ks = []
    for i in range(n):
        x = (seed + i * 2654435761) & MASK32
        x ^= x >> 15
        x = (x * 0x2C1B3C6D) & MASK32
        x ^= x >> 12
        ks.append(x % 2001 - 1000)
    values = np.array(ks, dtype=np.float32) / np.float32(2000)
    return np.float32(1) + values if name.endswith("LayerNorm.weight") else values


class Keywords(BertModel):
    """BertModel called positionally as the exporter does (its positional order changed in transformers 5)."""

    def forward(self, input_ids, attention_mask, token_type_ids):
        return super().forward(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state


def bert(sizes):
    cfg = BertConfig(**sizes, type_vocab_size=2, hidden_act="gelu", layer_norm_eps=1e-12)
    return Keywords(cfg, add_pooling_layer=False).eval()


def formula_model():
    model = bert(SIZES)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.from_numpy(weights(name, p.numel()).reshape(tuple(p.shape))))
    return model


def random_model(sizes):
    torch.manual_seed(0)
    model = bert(sizes)
    with torch.no_grad():  # random LayerNorms and biases too, so a swapped name cannot go unnoticed
        for name, p in model.named_parameters():
            if "LayerNorm" in name or name.endswith("bias"):
                p.add_(torch.randn_like(p) * 0.1)
    return model


def export(model, path):
    x = torch.ones(1, 4, dtype=torch.long)
    torch.onnx.export(model, (x, x, torch.zeros_like(x)), path, input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"], opset_version=14, dynamo=False,
                      dynamic_axes={n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids"]})


def check_formula(m, model):
    """Every initializer holds the formula's values bit for bit: named ones as they are, onnx::MatMul_NNN transposed."""
    params = dict(model.named_parameters())
    producers = {o: n for n in m.graph.node for o in n.output}
    linear = {}  # onnx::MatMul_NNN -> the parameter name of its Linear weight
    for add in (n for n in m.graph.node if n.op_type == "Add"):
        for bias, product in ((add.input[0], add.input[1]), (add.input[1], add.input[0])):
            mm = producers.get(product)
            if bias.endswith(".bias") and mm is not None and mm.op_type == "MatMul" \
                    and mm.input[1].startswith("onnx::"):
                linear[mm.input[1]] = bias[:-len("bias")] + "weight"
    seen = set()
    for t in m.graph.initializer:
        assert t.data_type == onnx.TensorProto.FLOAT, t.name
        array = numpy_helper.to_array(t)
        name = linear.get(t.name, t.name)
        expected = weights(name, params[name].numel()).reshape(tuple(params[name].shape))
        assert np.array_equal(array, expected.T if t.name in linear else expected), name
        seen.add(name)
    assert seen == set(params), set(params) ^ seen
    assert len(linear) == 12, linear


def graph(m):
    """The export as TinyOnnx must write it: initializers, their bytes' SHA-256 (float32 little-endian, in file order),
    then the nodes OnnxBertWeights reads or must skip."""
    inits = {t.name for t in m.graph.initializer}
    digest = hashlib.sha256()
    for t in m.graph.initializer:
        digest.update(numpy_helper.to_array(t).astype("<f4").tobytes())
    return {"initializers": ["%s %s" % (t.name, list(t.dims)) for t in m.graph.initializer],
            "initializers_sha256": digest.hexdigest(),
            "nodes": ["%s %s: %s -> %s" % (n.op_type, n.name, ", ".join(n.input), ", ".join(n.output))
                      for n in m.graph.node if n.op_type in ("MatMul", "Add") or inits & set(n.input)]}


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


def compare_with_committed(json_path, exported):
    if not os.path.exists(json_path):
        print("no committed %s to compare the export's graph with" % json_path)
        return
    with open(json_path) as f:
        committed = json.load(f).get("graph")
    if committed is None:
        print("the committed %s records no graph yet" % json_path)
        return
    if committed == exported:
        print("the export's graph matches the committed one, which OnnxGraphTest checks TinyOnnx against")
        return
    for part in ("initializers", "nodes"):
        old, new = committed.get(part, []), exported[part]
        for line in [l for l in old if l not in new][:10]:
            print("  gone from the export: %s %s" % (part, line))
        for line in [l for l in new if l not in old][:10]:
            print("  new in the export:    %s %s" % (part, line))
    if committed.get("initializers_sha256") != exported["initializers_sha256"]:
        print("  the initializers' values differ (SHA-256): TinyOnnx.weights must follow weights()")
    print("WARNING: the export's graph differs from the committed tiny-bert.json: make TinyOnnx write the new one")


def fuzz_seed(tmp, out):
    """A 1-layer, 4-wide random export keeping only the MatMul and Add nodes: a small seed for ModelFilesFuzzTest#onnxModel."""
    path = os.path.join(tmp, "seed.onnx")
    export(random_model(dict(vocab_size=8, hidden_size=4, num_hidden_layers=1, num_attention_heads=1,
                             intermediate_size=4, max_position_embeddings=4)), path)
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
        path = os.path.join(tmp, "tiny-bert.onnx")  # never in the repository: TinyOnnx writes it for the tests
        model = formula_model()
        export(model, path)
        m = onnx.load(path)
        check_formula(m, model)
        exported = graph(m)
        print("export: %d initializers (12 onnx::MatMul_NNN), %d nodes kept of %d; every initializer equals the formula"
              % (len(exported["initializers"]), len(exported["nodes"]), len(m.graph.node)))
        json_path = os.path.join(OUT, "tiny-bert.json")
        compare_with_committed(json_path, exported)
        with open(tokenizer_json) as f, open(os.path.join(OUT, "tiny-bert-tokenizer.json"), "w") as g:
            g.write(f.read())
        with open(json_path, "w") as f:
            json.dump({"made_by": "bench/parity/tiny_onnx_fixture.py", "onnxruntime": onnxruntime.__version__,
                       "torch": torch.__version__, "weights": "TinyOnnx.weights (the formula in weights() here)",
                       "pooling": "mean over the attention mask, L2-normalized",
                       "graph": exported, "cases": reference(path, tok)}, f, indent=1)
            f.write("\n")
        fuzz = os.path.join(os.path.dirname(OUT), "dev/tune4j/hub/ModelFilesFuzzTestInputs/onnxModel")
        os.makedirs(fuzz, exist_ok=True)
        fuzz_seed(tmp, os.path.join(fuzz, "minimal-bert"))


if __name__ == "__main__":
    main()
