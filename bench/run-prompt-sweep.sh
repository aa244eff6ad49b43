#!/usr/bin/env bash
# The zero-shot prompting sweep (bench/RESULTS.md, "Zero-shot prompting: the sweep"): one masked-LM forward per
# template x truncation x max length over IMDB development reviews, then every verbalizer x label score x
# calibration x ensemble scored offline. Not CI: about 15 minutes of one core for 300 reviews and 8 settings.
#   bench/run-prompt-sweep.sh [--dev 300] [--split dev|heldout] [--configs T1:tail:256,...] [--out FILE]
# --split heldout reads the 1,000 held-out reviews instead (only to report the chosen defaults, never to choose).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f tune4j-cli/target/tune4j.jar ] || mvn -q -B package -DskipTests
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
out=bench/out/prompt-sweep-$(date +%Y%m%d-%H%M%S).json
for ((i = 1; i <= $#; i++)); do [ "${!i}" = --out ] && j=$((i + 1)) && out="${!j}"; done
mkdir -p bench/out
echo "== CPU flags: $(grep -o -E 'avx512[a-z_0-9]*|avx2|amx[a-z_]*' /proc/cpuinfo | sort -u | tr '\n' ' ')" >&2
java -Xmx6g -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true \
  -cp tune4j-cli/target/tune4j.jar bench/PromptSweep.java --out "$out" "$@"
python3 bench/python/prompt_sweep_score.py "$out" --top 40
