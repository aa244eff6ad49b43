#!/usr/bin/env bash
# Step time and peak memory of LoRA and Houlsby adapters (at both residuals, and after the feed-forward
# only: adapter-ffn) against full fine-tuning: one training step
# (forward, backward, clip, AdamW) at batch 32 × 250 tokens on bert-base-uncased, each method in its
# own JVM so that VmHWM is its own peak. Target: LoRA and adapters ≥ 1.5× faster per step than full
# fine-tuning, with lower peak memory (no gradients or Adam state for frozen weights).
#
# The last row, when a Python with torch + transformers is found, is the same full step in PyTorch
# (bench/python/train_step.py): its "speed-up" is PyTorch's speed relative to tune4j's full step, so
# below 1.00x means tune4j's step is the faster one.
#
#   bench/run-adapters.sh [model] [batch] [tokens] [steps] [micro-batch] [fp32|bf16]
#   e.g. bench/run-adapters.sh bert-base-uncased 32 250 3        (the issue's setting)
#        bench/run-adapters.sh bert-base-uncased 4 64 1          (a quick smoke run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:-bert-base-uncased}" batch="${2:-32}" tokens="${3:-250}" steps="${4:-3}" micro="${5:-${2:-32}}"
dtype="${6:-fp32}"
cd "$root"
# shellcheck source=lib.sh
. bench/lib.sh
mvn -o -q -B install -DskipTests
mvn -o -q -B -pl tune4j-core test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
cp="tune4j-core/target/classes:tune4j-core/target/test-classes:$(cat tune4j-core/target/bench-cp.txt)"
out="$(mktemp)"
for method in full lora adapter adapter-ffn; do
  java ${TUNE4J_JAVA_OPTS:--Xmx4g} -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true -cp "$cp" \
    dev.tune4j.train.AdapterStepBench "$method" "$model" "$batch" "$tokens" "$steps" "$micro" "$dtype" | tee -a "$out"
done
# The same full fine-tuning step in PyTorch, when a Python with torch + transformers is found.
python="$(torch_python)"
if [ -n "$python" ]; then
  TRANSFORMERS_VERBOSITY=error HF_HUB_OFFLINE=1 "$python" bench/python/train_step.py \
    "${TUNE4J_HOME:-$HOME/.cache/tune4j}/models/$model" "$batch" "$tokens" "$steps" "$micro" "$(nproc)" | tee -a "$out"
fi
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
full = next(r for r in rows if r["method"] == "full")
print(f"\n{'method':8} {'trainable':>12} {'step s':>8} {'speed-up':>9} {'peak RSS MB':>12} {'vs full':>8}")
for r in rows:
    print(f"{r['method']:8} {r['trainable']:>12,} {r['step_seconds']:>8.2f} {full['step_seconds'] / r['step_seconds']:>8.2f}x"
          f" {r['peak_rss_mb']:>12,} {r['peak_rss_mb'] / full['peak_rss_mb']:>7.2f}x")
PY
