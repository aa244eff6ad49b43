#!/usr/bin/env bash
# Full fine-tuning in tune4j and, when a Python with torch + transformers is found, the same job in
# PyTorch (bench/python/full_finetune.py) on the same training/validation rows and the same held-out
# test file, one after the other; prints per-epoch numbers, throughput and ratios.
# Usage: bench/run-full-finetune.sh [N reviews to train+validate, default 1000] [M held-out, default 1000]
# Extra tune4j train flags: $TUNE4J_FLAGS. PyTorch heads to run: $HEADS (default "mlp"; "mlp hf" adds
# transformers' BertForSequenceClassification).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
# shellcheck source=lib.sh
. "$bench/lib.sh"
n="${1:-1000}" m="${2:-1000}"
start_job_bench full
home="${TUNE4J_HOME:-$HOME/.cache/tune4j}"

# shellcheck disable=SC2086
"$root/tune4j" train --data imdb --limit "$n" --method full --epochs 2 --max-length 128 --lr 2e-5 \
  ${TUNE4J_FLAGS:-} --out "$out/run" > "$out/train.txt" 2> "$out/train.log"

# The held-out file both sides test on: M reviews neither side trained or validated on, half of each label.
python3 "$bench/python/heldout.py" "$out/run/split.json" "$m" "$home/datasets/imdb/reviews.json" "$out/test.jsonl"
"$root/tune4j" evaluate --model "$out/run/model" --data "$out/test.jsonl" --json > "$out/eval.json" 2> "$out/eval.log"

python3 - "$out/run/metrics.json" "$out/run/split.json" "$out/eval.json" <<'PY' | tee "$out/summary.txt"
import json, sys
metrics, split, ev = (json.load(open(a)) for a in sys.argv[1:4])
n = len(split["train_rows"]); secs = sum(e["seconds"] for e in metrics["epochs"])
for e in metrics["epochs"]:
    print(f"tune4j  epoch {e['epoch']}: train loss {e['trainLoss']:.4f}  val loss {e['valLoss']:.4f}  "
          f"val acc {e['valAccuracy']:.4f}  {e['seconds']:.0f} s")
print(f"tune4j  {len(metrics['epochs']) * n / secs:.2f} examples/s (training + validation), "
      f"test accuracy {ev['accuracy']:.4f} on {ev['examples']} held-out reviews")
PY
python="$(torch_python)"
if [ -z "$python" ]; then
  echo "(no Python with torch + transformers: PyTorch side skipped)"; exit 0
fi
for head in ${HEADS:-mlp}; do
  TRANSFORMERS_VERBOSITY=error HF_HUB_OFFLINE=1 "$python" "$bench/python/full_finetune.py" --head "$head" \
    --model-dir "$home/models/bert-base-uncased" --reviews "$home/datasets/imdb/reviews.json" \
    --split "$out/run/split.json" --test "$out/test.jsonl" --threads "$(nproc)" > "$out/pytorch-$head.json"
  python3 - "$out/pytorch-$head.json" "$out/run/metrics.json" "$out/run/split.json" <<'PY' | tee -a "$out/summary.txt"
import json, sys
py, metrics, split = (json.load(open(a)) for a in sys.argv[1:4])
for e in py["epochs"]:
    print(f"pytorch[{py['head']}] epoch {e['epoch']}: train loss {e['train_loss']:.4f}  val loss {e['val_loss']:.4f}  "
          f"val acc {e['val_accuracy']:.4f}")
ours = len(metrics["epochs"]) * len(split["train_rows"]) / sum(e["seconds"] for e in metrics["epochs"])
print(f"pytorch[{py['head']}] {py['train_examples_per_second']:.2f} examples/s, test accuracy {py['test_accuracy']:.4f}; "
      f"tune4j throughput ratio {ours / py['train_examples_per_second']:.2f}x")
PY
done
echo "results: $out"
