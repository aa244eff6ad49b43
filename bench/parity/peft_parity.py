"""LoRA written by tune4j loads in Hugging Face PEFT and predicts the same.

1. writes a tiny random BertModel (with pooler) and a vocabulary as a Hugging Face directory;
2. trains LoRA on it with the tune4j CLI (linear head on the pooler: BertForSequenceClassification's);
3. loads runs/.../model with PeftModel.from_pretrained on BertForSequenceClassification;
4. compares tune4j's predict probabilities with PEFT's.

Run from the repository root after `mvn -o -q install -DskipTests`: python3 bench/parity/peft_parity.py
(needs torch, transformers and peft).
"""
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
from peft import PeftModel
from transformers import BertConfig, BertForSequenceClassification, BertModel, BertTokenizer

JAR = Path("tune4j-cli/target/tune4j.jar")
POSITIVE = ["great", "good", "love", "wonderful", "fine"]
NEGATIVE = ["awful", "bad", "hate", "terrible", "boring"]
NEUTRAL = ["the", "movie", "was", "a", "plot", "actor", "film", "and", "it", "is"]
TEXTS = ["great wonderful love the movie", "awful boring hate the film", "the plot was fine", "bad actor"]


def tune4j(*args):
    cmd = ["java", "-DOPT_OUT_TRACKING=true", "-DDJL_OFFLINE=true", "-jar", str(JAR), *args]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return done.stdout


def max_prob_difference(model, tokenizer, texts, ours, labels, tag):
    """The largest |p(transformers) - p(tune4j)| over the texts and labels (id2label); prints both sides per text."""
    worst = 0.0
    with torch.no_grad():
        for text, mine in zip(texts, ours):
            probs = model(**tokenizer(text, return_tensors="pt")).logits.softmax(-1)[0]
            for i, label in labels.items():
                worst = max(worst, abs(probs[int(i)].item() - mine[label]))
            print(f"  {text!r}: tune4j {mine}, {tag} {[round(p, 7) for p in probs.tolist()]}")
    return worst


def main():
    tmp = Path(tempfile.mkdtemp(prefix="peft-parity-"))
    base = tmp / "base"
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *POSITIVE, *NEGATIVE, *NEUTRAL]
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=37, max_position_embeddings=64)
    BertModel(config).save_pretrained(base, safe_serialization=True)
    (base / "vocab.txt").write_text("\n".join(vocab) + "\n")

    rng = random.Random(3)
    rows = ["text,label"]
    for i in range(120):
        cue = POSITIVE if i % 2 else NEGATIVE
        words = [rng.choice(cue) if w % 3 == 0 else rng.choice(NEUTRAL) for w in range(4 + rng.randrange(8))]
        rows.append(f"\"{' '.join(words)}\",{'positive' if i % 2 else 'negative'}")
    (tmp / "data.csv").write_text("\n".join(rows) + "\n")

    run = tmp / "run"
    tune4j("train", "--data", str(tmp / "data.csv"), "--model", str(base), "--method", "lora", "--head", "linear",
           "--pooling", "pooler", "--epochs", "2", "--lr", "1e-2", "--batch-size", "16", "--max-length", "32",
           "--out", str(run))
    ours = [json.loads(line)["probabilities"] for line in tune4j("predict", "--model", str(run / "model"), "--json",
                                                                  *TEXTS).splitlines()]

    labels = json.loads((run / "model" / "config.json").read_text())["id2label"]
    hf = BertForSequenceClassification.from_pretrained(base, num_labels=len(labels))
    peft = PeftModel.from_pretrained(hf, run / "model").eval()
    tokenizer = BertTokenizer(str(base / "vocab.txt"))
    worst = max_prob_difference(peft, tokenizer, TEXTS, ours, labels, "PEFT")
    print(f"max |Δp| = {worst:.2e}")
    sys.exit(0 if worst < 1e-4 else 1)


if __name__ == "__main__":
    main()
