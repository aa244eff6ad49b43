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
