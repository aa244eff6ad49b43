"""Classifiers trained by tune4j on RoBERTa, DistilBERT and ELECTRA load in transformers and PEFT and predict the same.

For each family: a tiny random RobertaForMaskedLM / DistilBertForMaskedLM / ElectraForPreTraining (discriminator,
embedding_size 16 < hidden 32) with its tokenizer is saved as a Hugging
Face directory; the tune4j CLI trains `--method full` and `--method lora` on it with the family's own head
(`--head hf --pooling cls`); then Roberta/DistilBert/ElectraForSequenceClassification load the
full model, and PeftModel the LoRA one on the base, and their probabilities are compared with `tune4j predict`.

Run from the repository root after `mvn -B -ntp -q -DskipTests package`:
python bench/parity/families_peft_parity.py (needs torch, transformers and peft).
"""
import json
import random
import sys
import tempfile
from pathlib import Path

import torch
from peft import PeftModel
from transformers import (AutoTokenizer, DistilBertConfig, DistilBertForMaskedLM, DistilBertForSequenceClassification,
                          ElectraConfig, ElectraForPreTraining, ElectraForSequenceClassification, ElectraTokenizerFast,
                          RobertaConfig, RobertaForMaskedLM, RobertaForSequenceClassification)

sys.path.insert(0, str(Path(__file__).parent))
from families_fixture import roberta_tokenizer, wordpiece_tokenizer  # noqa: E402
from peft_parity import max_prob_difference, tune4j  # noqa: E402  (tune4j runs the CLI jar; exits with its stderr on failure)
from transformers import DistilBertTokenizerFast  # noqa: E402

POSITIVE = ["great", "good", "loved"]
NEGATIVE = ["awful", "bad", "plot"]
NEUTRAL = ["the", "movie", "was", "a", "film", "and", "it", "actor"]
TEXTS = ["great good loved the movie", "awful bad the film", "the plot was good", "bad actor"]


def base_model(family, directory):
    directory.mkdir(parents=True)
    small = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37, hidden_act="gelu")
    if family == "roberta":
        tok = roberta_tokenizer(directory)
        config = RobertaConfig(vocab_size=len(tok), type_vocab_size=1, pad_token_id=1, bos_token_id=0, eos_token_id=2,
                               max_position_embeddings=66, **small)
        RobertaForMaskedLM(config).save_pretrained(directory, safe_serialization=True)
        return RobertaForSequenceClassification
    if family == "electra":
        tok = wordpiece_tokenizer(directory, ElectraTokenizerFast)
        config = ElectraConfig(vocab_size=tok.vocab_size, embedding_size=16, max_position_embeddings=64, pad_token_id=0,
                               **small)
        ElectraForPreTraining(config).save_pretrained(directory, safe_serialization=True)
        return ElectraForSequenceClassification
    tok = wordpiece_tokenizer(directory, DistilBertTokenizerFast)
    config = DistilBertConfig(vocab_size=tok.vocab_size, dim=32, n_layers=2, n_heads=4, hidden_dim=37,
                              max_position_embeddings=64, activation="gelu", pad_token_id=0)
    DistilBertForMaskedLM(config).save_pretrained(directory, safe_serialization=True)
    return DistilBertForSequenceClassification


def compare(name, model, tokenizer, ours, labels):
    worst = max_prob_difference(model, tokenizer, TEXTS, ours, labels, "transformers")
    print(f"{name}: max |Δp| = {worst:.2e} over {len(TEXTS)} texts")
    return worst


def main():
    torch.manual_seed(0)
    tmp = Path(tempfile.mkdtemp(prefix="families-parity-"))
    rng = random.Random(3)
    rows = ["text,label"]
    for i in range(120):
        cue = POSITIVE if i % 2 else NEGATIVE
        words = [rng.choice(cue) if w % 3 == 0 else rng.choice(NEUTRAL) for w in range(4 + rng.randrange(8))]
        rows.append(f"\"{' '.join(words)}\",{'positive' if i % 2 else 'negative'}")
    (tmp / "data.csv").write_text("\n".join(rows) + "\n")
    worst = 0.0
    for family in ["roberta", "distilbert", "electra"]:
        base = tmp / family
        cls = base_model(family, base)
        tokenizer = AutoTokenizer.from_pretrained(base)
        for method in ["full", "lora"]:
            run = tmp / f"run-{family}-{method}"
            extra = ["--lora-targets", "query,value", "--lora-rank", "4"] if method == "lora" else []
            tune4j("train", "--data", str(tmp / "data.csv"), "--model", str(base), "--method", method, "--head", "hf",
                   "--pooling", "cls", "--epochs", "2", "--lr", "1e-3", "--batch-size", "16", "--max-length", "32",
                   "--out", str(run), *extra)
            ours = [json.loads(line)["probabilities"]
                    for line in tune4j("predict", "--model", str(run / "model"), "--json", *TEXTS).splitlines()]
            labels = json.loads((run / "model" / "config.json").read_text())["id2label"]
            if method == "full":
                model = cls.from_pretrained(run / "model").eval()
            else:
                model = PeftModel.from_pretrained(cls.from_pretrained(base, num_labels=len(labels)), run / "model").eval()
            worst = max(worst, compare(f"{family} {method} ({type(model).__name__})", model, tokenizer, ours, labels))
    print(f"overall max |Δp| = {worst:.2e}")
    sys.exit(0 if worst < 1e-4 else 1)


if __name__ == "__main__":
    main()
