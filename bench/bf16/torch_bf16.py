"""Side-by-side only (never a tune4j dependency): PyTorch's own bf16 vs fp32 BERT-base forward on the
same cached directory, batch x seq, same LCG ids as bench/bf16/Bf16ForwardBench, passes alternating.
usage: torch_bf16.py MODEL_DIR [batch] [seq] [iters] [threads]"""
import statistics
import sys
import time

import torch
from transformers import BertModel

model_dir = sys.argv[1]
batch, seq, iters, threads = (int(a) for a in (sys.argv[2:] + ["8", "256", "5", "2"][len(sys.argv) - 2:]))
torch.set_num_threads(threads)
model = BertModel.from_pretrained(model_dir, add_pooling_layer=False).eval()
ids, x = [], 42
for _ in range(batch * seq):
    x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    ids.append(1000 + (x >> 33) % (model.config.vocab_size - 1000))
ids = torch.tensor(ids).view(batch, seq)
mask = torch.ones_like(ids)
bf16_model = BertModel.from_pretrained(model_dir, add_pooling_layer=False, torch_dtype=torch.bfloat16).eval()
fp, bf, bfa = [], [], []
with torch.inference_mode():
    for it in range(-1, iters):
        t0 = time.perf_counter(); ref = model(input_ids=ids, attention_mask=mask).last_hidden_state
        t1 = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            auto = model(input_ids=ids, attention_mask=mask).last_hidden_state
        t2 = time.perf_counter(); out = bf16_model(input_ids=ids, attention_mask=mask).last_hidden_state
        t3 = time.perf_counter()
        if it >= 0:
            fp.append(t1 - t0); bfa.append(t2 - t1); bf.append(t3 - t2)
        err = ((out.float() - ref).abs().max() / ref.abs().max()).item()
        print(f"pass {it}: fp32 {1000*(t1-t0):.0f} ms, autocast bf16 {1000*(t2-t1):.0f} ms, "
              f"bf16 weights {1000*(t3-t2):.0f} ms, bf16 max|diff|/max|fp32| {err:.2e}")
m = statistics.median
print(f"torch {torch.__version__} {batch}x{seq} threads {threads}: fp32 {batch/m(fp):.2f} seq/s, "
      f"autocast bf16 {batch/m(bfa):.2f} seq/s ({m(fp)/m(bfa):.2f}x), bf16 weights {batch/m(bf):.2f} seq/s "
      f"({m(fp)/m(bf):.2f}x)")
