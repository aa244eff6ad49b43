"""PyTorch side of bench/run-forward.sh: the same BERT forward and GEMM as dev.tune4j.bench.ForwardBench.

Loads the very directory tune4j uses (config.json + model.safetensors with "bert."-prefixed keys) into
transformers' BertModel without pooler, runs batch x seq pseudo-random ids (the same LCG and seed as
TokenIds.java) with a full attention mask under torch.inference_mode, and times the median forward.
Prints one JSON object on stdout, a readable report on stderr.

Usage: python forward_bench.py --model-dir DIR [--batch 8] [--seq 256] [--iters 10] [--warmup 2] [--threads N]
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
from transformers import BertModel

FIRST_ID = 1000
SEED = 42
MASK64 = (1 << 64) - 1
GEMM_M, GEMM_K, GEMM_N = 2048, 768, 3072
GEMMS_PER_ITER = 3


def token_ids(n, vocab):
    """Same 64-bit LCG as TokenIds.java."""
    ids, x = [], SEED
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK64
        ids.append(FIRST_ID + (x >> 33) % (vocab - FIRST_ID))
    return ids


CPU_MS = []


def timed(warmup, iters, fn, cpu=None):
    for _ in range(warmup):
        fn()
    ms = []
    for _ in range(iters):
        start, cpu_start = time.perf_counter(), time.thread_time()
        fn()
        ms.append((time.perf_counter() - start) * 1e3)
        if cpu is not None:
            # With one intra-op thread torch computes on this thread: the pass's work, whatever else runs.
            cpu.append((time.thread_time() - cpu_start) * 1e3)
    return ms


def gflop_per_sequence(cfg, t):
    """Matrix-product FLOP of one sequence; see bench/README.md."""
    h, i = cfg.hidden_size, cfg.intermediate_size
    return cfg.num_hidden_layers * (4 * t * h * h * 2 + 2 * t * h * i * 2 + 2 * t * t * h * 2) / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", default=os.path.expanduser("~/.cache/tune4j/models/bert-base-uncased"))
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--seq", type=int, default=256)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()
    torch.set_num_threads(a.threads)

    start = time.perf_counter()
    model, info = BertModel.from_pretrained(a.model_dir, add_pooling_layer=False, output_loading_info=True)
    load_s = time.perf_counter() - start
    if info["missing_keys"] or info["mismatched_keys"]:
        sys.exit(f"{a.model_dir}: missing {sorted(info['missing_keys'])}, mismatched {info['mismatched_keys']}")
    model.eval()

    cfg = model.config
    ids = torch.tensor(token_ids(a.batch * a.seq, cfg.vocab_size), dtype=torch.long).view(a.batch, a.seq)
    types = torch.zeros_like(ids)
    mask = torch.ones_like(ids)
    last = [None]

    def forward():
        with torch.inference_mode():
            last[0] = model(input_ids=ids, token_type_ids=types, attention_mask=mask).last_hidden_state

    torch.manual_seed(7)
    x, w = torch.randn(GEMM_M, GEMM_K), torch.randn(GEMM_K, GEMM_N)

    def gemm():
        with torch.inference_mode():
            torch.matmul(x, w)

    # GEMM samples after every forward pass, as in ForwardBench: other load slows both alike.
    fwd, gemm_all = [], []
    for i in range(a.warmup + a.iters):
        cpu = []
        f, g = timed(0, 1, forward, cpu), timed(0, GEMMS_PER_ITER, gemm)
        if i >= a.warmup:
            CPU_MS.extend(cpu)
            fwd += f
            gemm_all += g
    out_mean_abs = last[0].abs().mean().item()
    gemm_ms = statistics.median(gemm_all)
    gemm_gflops = 2 * GEMM_M * GEMM_K * GEMM_N / (gemm_ms / 1e3) / 1e9

    ms = statistics.median(fwd)
    seq_per_s = a.batch / (ms / 1e3)
    gflop = gflop_per_sequence(cfg, a.seq)
    result = {
        "impl": "pytorch", "torch": torch.__version__, "attn": cfg._attn_implementation,
        "batch": a.batch, "seq": a.seq, "threads": torch.get_num_threads(),
        "ms_per_batch": round(ms, 2), "ms_per_batch_min": round(min(fwd), 2), "seq_per_s": round(seq_per_s, 4),
        "gemm_gflops": round(gemm_gflops, 2), "gflop_per_seq": round(gflop, 4),
        "forward_gflops": round(gflop * seq_per_s, 2), "forward_of_gemm": round(gflop * seq_per_s / gemm_gflops, 4),
        "out_mean_abs": round(out_mean_abs, 6), "cpu_ms_per_batch": round(statistics.median(CPU_MS), 2),
        "ms_all": [round(m, 2) for m in fwd],
    }
    print(f"pytorch {torch.__version__} forward ({cfg._attn_implementation} attention): batch {a.batch} x {a.seq}, "
          f"{torch.get_num_threads()} threads, load {load_s:.1f} s\n"
          f"  forward  {ms:.1f} ms/batch median (min {min(fwd):.1f}) = {seq_per_s:.2f} seq/s\n"
          f"  GEMM     {gemm_ms:.2f} ms = {gemm_gflops:.1f} GFLOP/s; forward {gflop * seq_per_s:.1f} GFLOP/s = "
          f"{100 * result['forward_of_gemm']:.0f}% of GEMM", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
