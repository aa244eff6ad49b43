"""What the PyTorch sides of the training benchmarks share."""
import json

import torch
from torch import nn


def mlp_head(labels=2):
    """tune4j's default head, as the tutorial has it: 768 -> 512 -> ReLU -> Dropout(0.1) -> labels."""
    return nn.Sequential(nn.Linear(768, 512), nn.ReLU(), nn.Dropout(0.1), nn.Linear(512, labels))


def read_heldout(path):
    """Texts and label ids (negative 0, positive 1) of a held-out JSONL file written by heldout.py."""
    rows = [json.loads(line) for line in open(path)]
    return [r["text"] for r in rows], [{"negative": 0, "positive": 1}[r["label"]] for r in rows]


def evaluate(model, ids, mask, y, loss_fn, batch=32):
    """Mean loss and accuracy over (ids, mask, y) with dropout off and no gradients, as tune4j evaluates."""
    model.eval()
    total, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            logits = model(ids[i:i + batch], mask[i:i + batch])
            total += loss_fn(logits, y[i:i + batch]).item() * len(logits)
            correct += (logits.argmax(-1) == y[i:i + batch]).sum().item()
    return total / len(y), correct / len(y)
