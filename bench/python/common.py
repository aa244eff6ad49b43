"""What the PyTorch sides of the training benchmarks share."""
import torch


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
