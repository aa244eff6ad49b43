"""Full fine-tuning of bert-base-uncased in PyTorch, for bench/run-full-finetune.sh.

Same rows as a tune4j run (its split.json) and the same settings as tune4j's `--method full` defaults:
AdamW (weight decay 0.01, none on biases and LayerNorm), 10% linear warm-up then linear decay, gradient
norm clipped at 1, batch 32, backbone dropout on, best validation loss kept; then accuracy on held-out
rows. `--head mlp` is tune4j's default head (768->512->ReLU->Dropout(0.1)->n on the [CLS] hidden
state); `--head hf` is transformers' BertForSequenceClassification (pretrained pooler + linear).
Prints one JSON object.
"""
import argparse
import json
import re
import time

import torch
from torch import nn
from transformers import BertForSequenceClassification, BertModel, BertTokenizerFast

from common import evaluate, mlp_head, read_heldout

p = argparse.ArgumentParser()
p.add_argument("--model-dir", required=True)
p.add_argument("--reviews", required=True)
p.add_argument("--split", required=True, help="tune4j run's split.json")
p.add_argument("--test", required=True, help="JSONL of held-out rows: {text, label}")
p.add_argument("--head", choices=["mlp", "hf"], default="mlp")
p.add_argument("--epochs", type=int, default=2)
p.add_argument("--lr", type=float, default=2e-5)
p.add_argument("--batch-size", type=int, default=32)
p.add_argument("--max-length", type=int, default=128)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--seed", type=int, default=42)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)

reviews = json.load(open(args.reviews))
split = json.load(open(args.split))
br = re.compile(r"<br\s*/?>", re.I)
tok = BertTokenizerFast.from_pretrained(args.model_dir)


def encode(texts, labels):
    e = tok(texts, max_length=args.max_length, padding="max_length", truncation=True, return_tensors="pt")
    return e["input_ids"], e["attention_mask"], torch.tensor(labels)


def rows(ids):
    return encode([br.sub(" ", reviews[i]["t"]) for i in ids], [reviews[i]["s"] for i in ids])


train = rows(split["train_rows"])
val = rows(split["validation_rows"])
test = encode(*read_heldout(args.test))


class MlpClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.bert = BertModel.from_pretrained(args.model_dir, add_pooling_layer=False)
        self.head = mlp_head()

    def forward(self, ids, mask):
        return self.head(self.bert(input_ids=ids, attention_mask=mask).last_hidden_state[:, 0])


class HfClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = BertForSequenceClassification.from_pretrained(args.model_dir, num_labels=2)

    def forward(self, ids, mask):
        return self.model(input_ids=ids, attention_mask=mask).logits


model = MlpClassifier() if args.head == "mlp" else HfClassifier()
no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or "LayerNorm" in n]
decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or "LayerNorm" in n)]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                        lr=args.lr)
steps = args.epochs * ((len(train[2]) + args.batch_size - 1) // args.batch_size)
warmup = int(0.1 * steps)
sched = torch.optim.lr_scheduler.LambdaLR(
    opt, lambda s: (s + 1) / warmup if s < warmup else max(0.0, (steps - s) / max(1, steps - warmup)))
loss_fn = nn.CrossEntropyLoss()


history, best, best_state, train_seconds = [], float("inf"), None, 0.0
for epoch in range(args.epochs):
    model.train()
    ids, mask, y = train
    order = torch.randperm(len(y))
    start, total = time.time(), 0.0
    for i in range(0, len(order), args.batch_size):
        b = order[i:i + args.batch_size]
        opt.zero_grad()
        loss = loss_fn(model(ids[b], mask[b]), y[b])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        total += loss.item() * len(b)
    val_loss, val_acc = evaluate(model, *val, loss_fn)
    train_seconds += time.time() - start  # validation included, as in tune4j's per-epoch seconds
    history.append({"epoch": epoch + 1, "train_loss": total / len(y), "val_loss": val_loss, "val_accuracy": val_acc})
    if val_loss < best:
        best, best_state = val_loss, {k: v.clone() for k, v in model.state_dict().items()}
model.load_state_dict(best_state)
test_loss, test_acc = evaluate(model, *test, loss_fn)
print(json.dumps({"head": args.head, "epochs": history, "train_seconds": train_seconds,
                  "train_examples_per_second": args.epochs * len(train[2]) / train_seconds,
                  "test_accuracy": test_acc, "test_examples": len(test[2]), "torch": torch.__version__}))
