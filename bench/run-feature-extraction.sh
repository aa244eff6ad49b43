#!/usr/bin/env bash
# The feature-extraction job end to end in tune4j and, when a Python with torch + transformers is found,
# the seed tutorial's same job in PyTorch on the same rows, one after the other; prints times and ratios.
# Usage: bench/run-feature-extraction.sh [N reviews to train+validate, default 400] [M held-out, default 400]
# Python: $TUNE4J_BENCH_PYTHON, else bench/.venv/bin/python, else /work/pyv/bin/python.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
# shellcheck source=lib.sh
. "$bench/lib.sh"
n="${1:-400}" m="${2:-400}"
start_job_bench fe

# tune4j: the feature-extraction technique's defaults (lr 1e-3 with linear decay, bf16 features where the
# CPU has them) for the tutorial's job (5 epochs, batch 32, max length 250), no feature cache carried over
# from earlier runs. SCHEDULE="--recipe seed" keeps the tutorial's constant rate instead.
t0=$(date +%s.%N)
# shellcheck disable=SC2086
"$root/tune4j" train --data imdb --limit "$n" ${SCHEDULE:-} --method feature-extraction --epochs 5 --lr 1e-3 \
  --batch-size 32 --max-length 250 --no-feature-cache \
  --out "$out/run" > "$out/train.txt" 2> "$out/train.log"
t1=$(date +%s.%N)
home="${TUNE4J_HOME:-$HOME/.cache/tune4j}"
# The held-out file both sides test on: M reviews neither side trained or validated on, half of each label.
python3 "$bench/python/heldout.py" "$out/run/split.json" "$m" "$home/datasets/imdb/reviews.json" "$out/test.jsonl"
te=$(date +%s.%N)
"$root/tune4j" evaluate --model "$out/run/model" --data "$out/test.jsonl" --json > "$out/eval.json" 2> "$out/eval.log"
t2=$(date +%s.%N)

python="$(torch_python)"
tune4j_train=$(echo "$t1 - $t0" | bc); tune4j_eval=$(echo "$t2 - $te" | bc)
tune4j_acc=$(sed -n 's/.*"accuracy":\([0-9.]*\).*/\1/p' "$out/eval.json")
printf '%-10s %12s %12s %14s\n' side train_s test_s test_accuracy
printf '%-10s %12.1f %12.1f %14.4f\n' tune4j "$tune4j_train" "$tune4j_eval" "$tune4j_acc"
if [ -z "$python" ]; then
  echo "(no Python with torch + transformers: PyTorch side skipped)"; exit 0
fi
TRANSFORMERS_VERBOSITY=error HF_HUB_OFFLINE=1 "$python" "$bench/python/feature_extraction_tutorial.py" \
  --model-dir "$home/models/bert-base-uncased" --reviews "$home/datasets/imdb/reviews.json" \
  --split "$out/run/split.json" --test "$out/test.jsonl" --threads "$(nproc)" > "$out/pytorch.json"
py_train=$(sed -n 's/.*"train_seconds": \([0-9.]*\).*/\1/p' "$out/pytorch.json")
py_total=$(sed -n 's/.*"total_seconds": \([0-9.]*\).*/\1/p' "$out/pytorch.json")
py_acc=$(sed -n 's/.*"test_accuracy": \([0-9.]*\).*/\1/p' "$out/pytorch.json")
printf '%-10s %12.1f %12.1f %14.4f\n' pytorch "$py_train" "$(echo "$py_total - $py_train" | bc)" "$py_acc"
echo "speed-up, training job (tune4j vs tutorial): $(echo "scale=2; $py_train / $tune4j_train" | bc)x"
