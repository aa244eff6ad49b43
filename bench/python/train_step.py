"""One training step of bert-base in PyTorch, for bench/run-adapters.sh: the same step that tune4j's
AdapterStepBench times (forward, backward, clip at 1.0, AdamW) at batch B x T tokens in micro-batches, on
random token ids, with tune4j's default head (768->512->ReLU->Dropout(0.1)->2 on [CLS]). METHOD is full
(every weight trains) or lora (Hugging Face PEFT: r 8, alpha 16, dropout 0.1 on query and value, the head
trained too), so that PyTorch's own LoRA-over-full ratio is measured beside tune4j's.
Prints one JSON line like AdapterStepBench's.

Usage: train_step.py MODEL_DIR BATCH TOKENS STEPS MICRO THREADS [full|lora]
"""
import json
import resource
import sys
import time

import torch
from torch import nn
from transformers import BertModel

from common import mlp_head

model_dir, batch, tokens, steps, micro, threads = sys.argv[1], *map(int, sys.argv[2:7])
method = sys.argv[7] if len(sys.argv) > 7 else "full"
torch.set_num_threads(threads)
torch.manual_seed(1)
bert = BertModel.from_pretrained(model_dir, add_pooling_layer=False)
if method == "lora":
    from peft import LoraConfig, get_peft_model
    bert = get_peft_model(bert, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.1, target_modules=["query", "value"]))
head = mlp_head()
model = nn.ModuleDict({"bert": bert, "head": head}).train()
named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
opt = torch.optim.AdamW([{"params": [p for n, p in named if p.dim() >= 2], "weight_decay": 0.01},
                         {"params": [p for n, p in named if p.dim() < 2], "weight_decay": 0.0}], lr=1e-4)
loss_fn = nn.CrossEntropyLoss()
seconds = []
for s in range(-1, steps):  # step -1 warms up
    start = time.time()
    for first in range(0, batch, micro):
        rows = min(micro, batch - first)
        ids = torch.randint(1000, 30000, (rows, tokens))
        ids[:, 0] = 101
        logits = head(bert(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state[:, 0])
        (loss_fn(logits, torch.randint(0, 2, (rows,))) * rows / batch).backward()
    torch.nn.utils.clip_grad_norm_([p for _, p in named], 1.0)
    opt.step()
    opt.zero_grad()
    if s >= 0:
        seconds.append(time.time() - start)
seconds.sort()
print(json.dumps({"method": "pytorch-" + method, "batch": batch, "tokens": tokens, "micro_batch": micro,
                  "trainable": sum(p.numel() for _, p in named), "total": sum(p.numel() for p in model.parameters()),
                  "step_seconds": round(seconds[len(seconds) // 2], 3),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "torch": torch.__version__}))
