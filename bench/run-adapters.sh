#!/usr/bin/env bash
# Step time and peak memory of LoRA and bottleneck adapters (one per layer after the feed-forward, the
# default; and Houlsby's two per layer: adapter-both) against full fine-tuning: one training step
# (forward, backward, clip, AdamW) at batch 32 × 250 tokens on bert-base-uncased, each method in its
# own JVM so that VmHWM is its own peak. Target: LoRA and adapters ≥ 1.5× faster per step than full
# fine-tuning, with lower peak memory (no gradients or Adam state for frozen weights).
#
# The last rows, when a Python with torch + transformers (+ peft) is found, are the same steps in PyTorch
# (bench/python/train_step.py): full fine-tuning, and LoRA through Hugging Face PEFT with the same r, alpha,
# dropout and targets. Their "speed-up" is relative to tune4j's full step (below 1.00x: tune4j's is
# faster); "own ratio" is PyTorch LoRA's speed-up over PyTorch's full step, the baseline for tune4j's.
# The micro-batch defaults to the trainer's pass size (auto: 4 × 250 tokens), on both sides.
#
#   bench/run-adapters.sh [model] [batch] [tokens] [steps] [micro-batch|auto] [fp32|bf16]
#   e.g. bench/run-adapters.sh bert-base-uncased 32 250 3        (the issue's setting)
#        bench/run-adapters.sh bert-base-uncased 4 64 1          (a quick smoke run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:-bert-base-uncased}" batch="${2:-32}" tokens="${3:-250}" steps="${4:-3}" micro="${5:-auto}"
dtype="${6:-fp32}"
cd "$root"
# shellcheck source=lib.sh
. bench/lib.sh
mvn -o -q -B install -DskipTests
mvn -o -q -B -pl tune4j-core test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
cp="tune4j-core/target/classes:tune4j-core/target/test-classes:$(cat tune4j-core/target/bench-cp.txt)"
out="$(mktemp)"
for method in full lora adapter adapter-both; do
  java ${TUNE4J_JAVA_OPTS:--Xmx4g} -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true -cp "$cp" \
    dev.tune4j.train.AdapterStepBench "$method" "$model" "$batch" "$tokens" "$steps" "$micro" "$dtype" | tee -a "$out"
done
# The same steps in PyTorch, when a Python with torch + transformers is found (LoRA also needs peft).
python="$(torch_python)"
if [ -n "$python" ]; then
  pass="$(grep -o '"micro_batch": [0-9]*' "$out" | head -1 | grep -o '[0-9]*$')" # what "auto" chose
  for method in full lora; do
    if [ "$method" = lora ] && ! "$python" -c 'import peft' 2>/dev/null; then
      echo "(no peft in $python: PyTorch LoRA row skipped)" >&2
      continue
    fi
    TRANSFORMERS_VERBOSITY=error HF_HUB_OFFLINE=1 "$python" bench/python/train_step.py \
      "${TUNE4J_HOME:-$HOME/.cache/tune4j}/models/$model" "$batch" "$tokens" "$steps" "$pass" "$(nproc)" "$method" \
      2> >(grep -v -e 'Loading weights' -e 'UNEXPECTED' -e '^Notes:' -e '^$' >&2) | tee -a "$out"
  done
fi
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
full = next(r for r in rows if r["method"] == "full")
pytorch_full = next((r for r in rows if r["method"] == "pytorch-full"), None)
print(f"\n{'method':13} {'trainable':>12} {'step s':>8} {'speed-up':>9} {'own ratio':>10} {'peak RSS MB':>12} {'vs full':>8}")
for r in rows:
    baseline = pytorch_full if r["method"].startswith("pytorch-") else full
    own = f"{baseline['step_seconds'] / r['step_seconds']:>9.2f}x" if baseline else f"{'':>10}"
    print(f"{r['method']:13} {r['trainable']:>12,} {r['step_seconds']:>8.2f} {full['step_seconds'] / r['step_seconds']:>8.2f}x"
          f" {own} {r['peak_rss_mb']:>12,} {r['peak_rss_mb'] / full['peak_rss_mb']:>7.2f}x")
PY
