#!/usr/bin/env bash
# Which fp32 matmul kernels a CPU class should get: the BERT-base forward (8 x 256 by default) with oneDNN's
# kernels (tune4j's choice where they are fp32-exact), with libtorch's default (MKL sgemm,
# -Dtune4j.matmul=default), and in PyTorch, alternating for --rounds rounds in one run.
#
#   bench/run-matmul-isa.sh [--isa native|avx2] [--rounds N] [--threads N] [--iters N] [--batch N] [--seq N]
#
# --isa avx2 emulates an AVX2-only CPU on a newer one by capping every kernel library at AVX2:
# ATEN_CPU_CAPABILITY=avx2 (libtorch's own kernels), ONEDNN_MAX_CPU_ISA=AVX2 (oneDNN; tune4j then also rules
# bf16 out), MKL_ENABLE_INSTRUCTIONS=AVX2 (MKL). The instruction set is then an AVX2 CPU's; caches, clock
# and the number of execution units stay this CPU's, so the ratios are the evidence, not the times.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
. "$bench/lib.sh"

isa=native rounds=3 threads=1 iters=6 batch=8 seq=256
while [ $# -gt 0 ]; do
  case "$1" in
    --isa) isa="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --iters) iters="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --seq) seq="$2"; shift 2 ;;
    *) echo "run-matmul-isa.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$isa" in
  native) ;;
  avx2) export ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 ;;
  *) echo "run-matmul-isa.sh: --isa is native or avx2, not $isa" >&2; exit 2 ;;
esac
export OPT_OUT_TRACKING=true DJL_OFFLINE=true OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"

(cd "$root" && mvn -q -B ${MVN_FLAGS:-} -DskipTests package) >&2
out="$bench/out/matmul-isa-$isa-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
field() { sed -n "s/.*\"$2\": *\"\{0,1\}\([^,\"}]*\).*/\1/p" "$1"; }
forward() { # label, extra java options
  java $2 -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true \
    -cp "$bench/target/tune4j-bench.jar:$(cat "$bench/target/classpath.txt")" dev.tune4j.bench.ForwardBench \
    --json --threads "$threads" --iters "$iters" --batch "$batch" --seq "$seq" > "$out/$1-$r.json"
}
python="$(torch_python)"
echo "cpu flags: $(grep -o -E 'avx512[a-z_0-9]*|avx2|amx[a-z_]*' /proc/cpuinfo | sort -u | tr '\n' ' ')" | tee "$out/summary.txt"
echo "isa: $isa${ONEDNN_MAX_CPU_ISA:+ (ATEN_CPU_CAPABILITY=$ATEN_CPU_CAPABILITY ONEDNN_MAX_CPU_ISA=$ONEDNN_MAX_CPU_ISA MKL_ENABLE_INSTRUCTIONS=$MKL_ENABLE_INSTRUCTIONS)}, batch $batch x $seq, $threads threads, $iters timed passes" | tee -a "$out/summary.txt"
printf "%-6s %-8s %10s %12s %10s %12s\n" round side ms/batch cpu_ms/batch seq/s "GEMM GF/s" | tee -a "$out/summary.txt"
for r in $(seq 1 "$rounds"); do
  echo "== round $r (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  forward onednn ""
  forward mkl "-Dtune4j.matmul=default"
  sides="onednn mkl"
  if [ -n "$python" ]; then
    TRANSFORMERS_VERBOSITY=error HF_HUB_OFFLINE=1 HF_HUB_DISABLE_PROGRESS_BARS=1 TQDM_DISABLE=1 "$python" \
      "$bench/python/forward_bench.py" --model-dir "$(field "$out/onednn-$r.json" model_dir)" --threads "$threads" \
      --iters "$iters" --batch "$batch" --seq "$seq" > "$out/pytorch-$r.json"
    sides="$sides pytorch"
  fi
  for side in $sides; do
    printf "%-6s %-8s %10s %12s %10s %12s\n" "$r" "$side" "$(field "$out/$side-$r.json" ms_per_batch)" \
      "$(field "$out/$side-$r.json" cpu_ms_per_batch)" \
      "$(field "$out/$side-$r.json" seq_per_s)" "$(field "$out/$side-$r.json" gemm_gflops)" | tee -a "$out/summary.txt"
  done
done
# Medians over rounds of the CPU time per pass (with one thread, the work done whatever else ran; wall times
# are printed too), and the ratios that decide the kernel choice.
awk '$1 ~ /^[0-9]+$/ { ms[$2] = ms[$2] " " $4 }
  function median(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
      if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { o = median(ms["onednn"]); m = median(ms["mkl"]);
    printf "median CPU ms/batch: onednn %.0f, mkl %.0f%s\n", o, m, ("pytorch" in ms) ? sprintf(", pytorch %.0f", median(ms["pytorch"])) : ""
    printf "onednn vs mkl: %.2fx faster\n", m / o
    if ("pytorch" in ms) printf "tune4j (onednn) vs pytorch: %.2fx faster\n", median(ms["pytorch"]) / o }' "$out/summary.txt" | tee -a "$out/summary.txt"
echo "raw results: $out"
