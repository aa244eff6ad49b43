"""The seed tutorial's feature-extraction job in PyTorch, for bench/run-feature-extraction.sh.

Same data rows as a tune4j run (its split.json), same hyperparameters: bert-base-uncased frozen, head
768->512->ReLU->Dropout(0.1)->2 on the [CLS] hidden state, tokens padded and truncated to 250, batch 32,
AdamW, 5 epochs, best validation loss kept; then accuracy on held-out rows. As in the tutorial, the
backbone runs on every batch of every epoch (nothing is cached). Prints one JSON object.
"""
import argparse
import json
import re
import time

import torch
from torch import nn
from transformers import BertModel, BertTokenizerFast

from common import evaluate, mlp_head, read_heldout

p = argparse.ArgumentParser()
p.add_argument("--model-dir", required=True)
p.add_argument("--reviews", required=True)
p.add_argument("--split", required=True, help="tune4j run's split.json")
p.add_argument("--test", required=True, help="JSONL of held-out rows: {text, label}")
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--threads", type=int, default=2)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(42)
start = time.time()

reviews = json.load(open(args.reviews))
split = json.load(open(args.split))
br = re.compile(r"<br\s*/?>", re.I)


def rows(ids):
    texts = [br.sub(" ", reviews[i]["t"]) for i in ids]
    return texts, torch.tensor([reviews[i]["s"] for i in ids])


tok = BertTokenizerFast.from_pretrained(args.model_dir)
bert = BertModel.from_pretrained(args.model_dir, add_pooling_layer=False)
for param in bert.parameters():
    param.requires_grad = False


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.bert = bert
        self.head = mlp_head()

    def forward(self, ids, mask):
        return self.head(self.bert(input_ids=ids, attention_mask=mask).last_hidden_state[:, 0])


def encode(texts):
    e = tok(texts, max_length=250, padding="max_length", truncation=True, return_tensors="pt")
    return e["input_ids"], e["attention_mask"]


train_x, train_y = rows(split["train_rows"])
val_x, val_y = rows(split["validation_rows"])
test_x, test_labels = read_heldout(args.test)
test_y = torch.tensor(test_labels)
train_ids, train_mask = encode(train_x)
val_ids, val_mask = encode(val_x)
test_ids, test_mask = encode(test_x)

model = Classifier()
opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr)
loss_fn = nn.CrossEntropyLoss()


best, best_state = float("inf"), None
for epoch in range(args.epochs):
    model.train()
    order = torch.randperm(len(train_y))
    for i in range(0, len(order), 32):
        b = order[i:i + 32]
        opt.zero_grad()
        loss_fn(model(train_ids[b], train_mask[b]), train_y[b]).backward()
        opt.step()
    val_loss, val_acc = evaluate(model, val_ids, val_mask, val_y, loss_fn)
    if val_loss < best:
        best, best_state = val_loss, {k: v.clone() for k, v in model.head.state_dict().items()}
model.head.load_state_dict(best_state)
train_seconds = time.time() - start
test_loss, test_acc = evaluate(model, test_ids, test_mask, test_y, loss_fn)
print(json.dumps({"train_seconds": train_seconds, "total_seconds": time.time() - start, "best_val_loss": best,
                  "test_accuracy": test_acc, "test_examples": len(test_y), "torch": torch.__version__}))
