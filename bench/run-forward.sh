#!/usr/bin/env bash
# Forward throughput of BERT-base (batch 8 x 256, fp32) in tune4j and, when a Python with torch and
# transformers is found, in PyTorch on the same machine in the same run, one after the other.
# Usage: bench/run-forward.sh [--threads N] [--iters N] [--batch N] [--seq N] [--model NAME|DIR] [--first-token]
# --first-token adds a third row: tune4j's forward for a [CLS] reader (a classifier, --pooling cls or
# pooler), whose last layer computes position 0 alone, and its speed-up over the full forward.
# Python: $TUNE4J_BENCH_PYTHON, else bench/.venv/bin/python, else /work/pyv/bin/python (bench/lib.sh).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
# shellcheck source=lib.sh
. "$bench/lib.sh"

threads="$(nproc)" iters=10 batch=8 seq=256 model=bert-base-uncased first_token=
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --iters) iters="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --seq) seq="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --first-token) first_token=1; shift ;;
    *) echo "run-forward.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# DJL must neither phone home nor download anything. Both sides get the same intra-op threads.
export OPT_OUT_TRACKING=true DJL_OFFLINE=true OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"

load1="$(cut -d' ' -f1 /proc/loadavg)"
if awk -v l="$load1" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "run-forward.sh: load average $load1 on $(nproc) cores: other processes will make these numbers noisy" >&2
fi

echo "== building (mvn -q -DskipTests package)" >&2
(cd "$root" && mvn -q -B ${MVN_FLAGS:-} -DskipTests package) >&2

out="$bench/out"
mkdir -p "$out"
stamp="$(date +%Y%m%d-%H%M%S)"
java_json="$out/forward-$stamp-tune4j.json"
py_json="$out/forward-$stamp-pytorch.json"

# Reads a number or string field from a one-line JSON object.
field() { sed -n "s/.*\"$2\": *\"\{0,1\}\([^,\"}]*\).*/\1/p" "$1"; }

echo "== tune4j (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
java ${TUNE4J_JAVA_OPTS:-} -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true \
  -cp "$bench/target/tune4j-bench.jar:$(cat "$bench/target/classpath.txt")" dev.tune4j.bench.ForwardBench \
  --json --model "$model" --threads "$threads" --iters "$iters" --batch "$batch" --seq "$seq" > "$java_json"
first_json="$out/forward-$stamp-tune4j-first-token.json"
if [ -n "$first_token" ]; then
  echo "== tune4j, position 0 alone in the last layer (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  java ${TUNE4J_JAVA_OPTS:-} -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true \
    -cp "$bench/target/tune4j-bench.jar:$(cat "$bench/target/classpath.txt")" dev.tune4j.bench.ForwardBench \
    --json --first-token --model "$model" --threads "$threads" --iters "$iters" --batch "$batch" --seq "$seq" > "$first_json"
fi

python="$(torch_python)"

if [ -n "$python" ]; then
  echo "== pytorch via $python (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  TRANSFORMERS_VERBOSITY=error HF_HUB_OFFLINE=1 HF_HUB_DISABLE_PROGRESS_BARS=1 TQDM_DISABLE=1 "$python" "$bench/python/forward_bench.py" \
    --model-dir "$(field "$java_json" model_dir)" --threads "$threads" --iters "$iters" --batch "$batch" --seq "$seq" \
    > "$py_json"
else
  echo "== pytorch skipped: no Python with torch and transformers (set TUNE4J_BENCH_PYTHON, or create bench/.venv)" >&2
fi

row() { # label, json file
  printf "%-28s %10s %10s %12s %12s %9s\n" "$1" "$(field "$2" ms_per_batch)" "$(field "$2" seq_per_s)" \
    "$(field "$2" gemm_gflops)" "$(field "$2" forward_gflops)" \
    "$(awk -v r="$(field "$2" forward_of_gemm)" 'BEGIN { printf "%.0f%%", 100 * r }')"
}
echo
echo "BERT forward, batch $batch x $seq tokens, fp32, $threads threads ($(date -u +%Y-%m-%dT%H:%MZ))"
printf "%-28s %10s %10s %12s %12s %9s\n" "" "ms/batch" "seq/s" "GEMM GF/s" "fwd GF/s" "of GEMM"
row "tune4j (libtorch 2.7.1)" "$java_json"
if [ -n "$first_token" ]; then
  row "tune4j, [CLS] reader" "$first_json"
  awk -v a="$(field "$java_json" ms_per_batch)" -v f="$(field "$first_json" ms_per_batch)" \
    'BEGIN { printf "[CLS] reader / full forward: %.2fx faster\n", a / f }'
fi
if [ -n "$python" ]; then
  row "pytorch $(field "$py_json" torch) ($(field "$py_json" attn))" "$py_json"
  awk -v j="$(field "$java_json" seq_per_s)" -v p="$(field "$py_json" seq_per_s)" \
      -v jo="$(field "$java_json" out_mean_abs)" -v po="$(field "$py_json" out_mean_abs)" 'BEGIN {
    d = jo - po; if (d < 0) d = -d
    printf "tune4j / pytorch seq/s:      %.2fx (target >= 1.0x)\n", j / p
    printf "output mean |x|:             tune4j %s, pytorch %s (%s)\n", jo, po, d < 1e-4 ? "same" : "DIFFERENT"
  }'
fi
awk -v r="$(field "$java_json" forward_of_gemm)" \
  'BEGIN { printf "tune4j forward of GEMM rate: %.0f%% (target >= 70%%)\n", 100 * r }'
echo "raw results: $java_json${first_token:+ $first_json}${python:+ $py_json}"
