#!/usr/bin/env bash
# `./tune4j spark predict --master local[2]` against `./tune4j predict` on the same N IMDB reviews, same machine,
# same run, alternating (local, spark, spark, local, …): end-to-end wall time (JVM, model load and, for Spark, its
# start-up included), peak RSS, rows/s, the overhead ratio, and a row-for-row check of the outputs.
#
#   bench/run-spark.sh [N=2000] [REPEATS=2] [MODEL_DIR]      then: bench/run-spark.sh --scaling [N=200] [MODEL_DIR]
#
# Without MODEL_DIR a bench model is trained once (feature-extraction on 400 IMDB reviews, max length 128) into
# bench/out/spark-model. --scaling times `spark predict` with one libtorch thread on local[1] and two on local[2]
# (rows/s per core), the inputs to the executor arithmetic in RESULTS.md.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
# shellcheck source=lib.sh
source "$bench/lib.sh"

scaling=false
if [ "${1:-}" = --scaling ]; then scaling=true; shift; fi
n="${1:-$($scaling && echo 200 || echo 2000)}"
repeats="${2:-2}"
model="${3:-}"
$scaling && model="${2:-}" && repeats=1

start_job_bench spark
echo "== CPU flags: $(grep -o -E 'avx512[a-z_0-9]*|avx2|amx[a-z_]*' /proc/cpuinfo | sort -u | tr '\n' ' ')" >&2
"$root/tune4j" spark --help > /dev/null # builds the Spark module outside any timed part
if [ -z "$model" ]; then
  model="$bench/out/spark-model/model"
  if [ ! -d "$model" ]; then
    "$root/tune4j" train --data imdb --limit 400 --method feature-extraction --max-length 128 --out "$bench/out/spark-model"
  fi
fi
python3 "$bench/python/imdb_sample.py" "${TUNE4J_HOME:-$HOME/.cache/tune4j}/datasets/imdb/reviews.json" "$n" "$out"

timed() { # NAME CMD…: wall seconds and peak RSS (KB) into $out/NAME.time
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@"
  echo "$name: $(cut -d' ' -f1 "$out/$name.time") s, peak RSS $(($(cut -d' ' -f2 "$out/$name.time") / 1024)) MB" >&2
}
run_local() { timed "local-$1" sh -c "\"$root/tune4j\" predict --model \"$model\" --json < \"$out/texts.txt\" > \"$out/local.jsonl\""; }
run_spark() { # TAG MASTER
  timed "spark-$1" sh -c "\"$root/tune4j\" spark predict --model \"$model\" --input \"$out/texts.csv\" \
    --output \"$out/spark.jsonl\" --master '$2' 2> \"$out/spark-$1.log\""
}

if $scaling; then
  OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 run_spark 1core "local[1]"
  run_spark 2core "local[2]"
  for t in 1core 2core; do
    echo "spark $t: $(awk -v n="$n" '{printf "%.2f rows/s", n / $1}' "$out/spark-$t.time")"
  done
  exit 0
fi

for r in $(seq 1 "$repeats"); do
  if [ $((r % 2)) -eq 1 ]; then run_local "$r"; run_spark "$r" "local[2]"; else run_spark "$r" "local[2]"; run_local "$r"; fi
done
python3 "$bench/python/spark_compare.py" "$out/local.jsonl" "$out/spark.jsonl" | tee "$out/compare.json"
for r in $(seq 1 "$repeats"); do
  awk -v n="$n" -v r="$r" 'FNR == 1 { t[FILENAME] = $1 } END {
      l = t[ARGV[1]]; s = t[ARGV[2]];
      printf "repeat %d: local %.1f s (%.2f rows/s), spark %.1f s (%.2f rows/s), spark/local %.3f\n", r, l, n / l, s, n / s, s / l }' \
    "$out/local-$r.time" "$out/spark-$r.time"
done | tee "$out/summary.txt"
echo "raw: $out" >&2
