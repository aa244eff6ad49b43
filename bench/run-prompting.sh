#!/usr/bin/env bash
# Acceptance measurements for MLM pretraining and prompting (not CI; hours on a CPU):
#  - zero-shot cloze on 1,000 IMDB reviews drawn first and used nowhere else, with and without calibration;
#  - few-shot: prompt-based vs head-based full fine-tuning on the same 32 reviews, seeds 13/21/42,
#    evaluated on the same 1,000 reviews;
#  - continued pretraining of bert-base-uncased on 2,000 other reviews: held-out MLM loss before/after.
# Extra arguments go to the program, e.g. --eval 200 --shots 16 --mlm-docs 500 for a quicker look.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f tune4j-cli/target/tune4j.jar ] || mvn -q -B package -DskipTests
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
exec java -Xmx8g -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true \
  -cp tune4j-cli/target/tune4j.jar bench/PromptingBench.java "$@"
