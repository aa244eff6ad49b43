# Sourced by the bench scripts.

# Prints the first of $TUNE4J_BENCH_PYTHON, bench/.venv/bin/python and /work/pyv/bin/python that imports
# torch and transformers, or nothing when none does.
torch_python() {
  local dir candidate
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  for candidate in "${TUNE4J_BENCH_PYTHON:-}" "$dir/.venv/bin/python" /work/pyv/bin/python; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import torch, transformers' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
}

# The start of a job benchmark (run-feature-extraction.sh, run-full-finetune.sh): both sides get the same
# threads and no DJL network access, the load is printed because numbers are only comparable on a quiet
# machine, the CLI is built outside any timed part, and $out becomes a new folder bench/out/PREFIX-DATE.
# Expects $bench and $root.
start_job_bench() {
  export OPT_OUT_TRACKING=true DJL_OFFLINE=true OMP_NUM_THREADS="$(nproc)" MKL_NUM_THREADS="$(nproc)"
  echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) (numbers are only comparable on a quiet machine)" >&2
  out="$bench/out/$1-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$out"
  "$root/tune4j" models > /dev/null
}
