#!/usr/bin/env bash
# The tutorial's recipe (--recipe seed: frozen BERT, MLP head, AdamW 1e-5 constant, 5 epochs, fp32) with
# features computed once without dropout (tune4j's default) and with --backbone-dropout (BERT's dropout on
# every training batch, as the tutorial leaves BERT in training mode): same rows, same split, same held-out
# reviews. Prints train time and held-out accuracy of each.
# Usage: bench/run-seed-recipe.sh [N reviews to train+validate, default 400] [M held-out, default 300]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
# shellcheck source=lib.sh
. "$bench/lib.sh"
n="${1:-400}" m="${2:-300}"
start_job_bench seed
home="${TUNE4J_HOME:-$HOME/.cache/tune4j}"
echo "cpu flags: $(grep -o -E 'avx512[a-z_0-9]*|avx2|amx[a-z_]*' /proc/cpuinfo | sort -u | tr '\n' ' ')"
printf '%-18s %10s %10s %12s %10s\n' features train_s val_loss test_acc roc_auc
for variant in once backbone-dropout; do
  flag=""; [ "$variant" = backbone-dropout ] && flag="--backbone-dropout"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$root/tune4j" train --data imdb --limit "$n" --recipe seed $flag --no-feature-cache --out "$out/$variant" \
    > "$out/$variant.txt" 2> "$out/$variant.log"
  t1=$(date +%s.%N)
  [ -f "$out/test.jsonl" ] || python3 "$bench/python/heldout.py" "$out/$variant/split.json" "$m" \
    "$home/datasets/imdb/reviews.json" "$out/test.jsonl"
  "$root/tune4j" evaluate --model "$out/$variant/model" --data "$out/test.jsonl" --json > "$out/$variant-eval.json" \
    2> "$out/$variant-eval.log"
  python3 - "$variant" "$(echo "$t1 - $t0" | bc)" "$out/$variant/metrics.json" "$out/$variant-eval.json" <<'PY'
import json, sys
variant, seconds, metrics, evaluation = sys.argv[1], float(sys.argv[2]), json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
best = metrics["epochs"][metrics["best_epoch"] - 1]
print(f"{variant:<18} {seconds:10.1f} {best['valLoss']:10.4f} {evaluation['accuracy']:12.4f} {evaluation['roc_auc']:10.4f}")
PY
done
echo "raw results: $out"
