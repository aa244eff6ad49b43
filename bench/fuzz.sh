#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every parser of untrusted bytes in tune4j-core.
#   bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     e.g. bench/fuzz.sh 600   or   bench/fuzz.sh 30 data.DataFuzzTest#csv
# Each target runs rounds of FuzzProperty.ROUND (30 s) in fresh JVMs until SECONDS_PER_TARGET have passed;
# each round starts from the corpus earlier rounds grew (tune4j-core/.cifuzz-corpus, not committed).
# A finding is written by Jazzer into src/test/resources/.../<Test>Inputs/<method>/crash-*, where
# `mvn test` replays it from then on; a target stops at its first finding, and the script then exits 1.
# Per-target executions go to bench/out/fuzz-summary.tsv. CI runs one round per target: bench/fuzz.sh 1
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-600}"; shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(checkpoint.CheckpointFuzzTest#safetensors checkpoint.CheckpointFuzzTest#tensorBundleIndex
           hub.ModelFilesFuzzTest#configJson hub.ModelFilesFuzzTest#modelJar hub.ModelFilesFuzzTest#onnxModel
           hub.ModelFilesFuzzTest#sentenceModules hub.ModelFilesFuzzTest#sentencePooling
           tokenize.TokenizerFilesFuzzTest#tokenizerJson tokenize.TokenizerFilesFuzzTest#tokenizerConfigJson
           data.DataFuzzTest#csv data.DataFuzzTest#tsv data.DataFuzzTest#jsonLines data.DataFuzzTest#jsonArray
           data.DataFuzzTest#npmTarball)
fi
export OPT_OUT_TRACKING=true DJL_OFFLINE=true JAZZER_FUZZ=1
mvn -B -ntp -q -pl tune4j-core -am test-compile
mvn -B -ntp -q -pl tune4j-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.cp >/dev/null
mkdir -p bench/out
cd tune4j-core
findings=0
# A snapshot of the classes, so that a build running meanwhile cannot change them under a round.
rm -rf target/fuzz && mkdir -p target/fuzz && cp -r target/classes target/test-classes target/fuzz/
cp="target/fuzz/test-classes:target/fuzz/classes:$(cat target/fuzz.cp)"
for target in "${targets[@]}"; do
  start=$(date +%s); runs=0; rounds=0; found=0
  log="../bench/out/fuzz-${target//[#.]/-}.log"; : > "$log"
  while :; do
    rounds=$((rounds + 1))
    if ! java -Xmx2g -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true -cp "$cp" \
        dev.tune4j.FuzzMain "dev.tune4j.$target" > "$log.round" 2>&1; then
      echo "FINDING in $target (round $rounds): see $log and src/test/resources/.../*Inputs/" >&2
      findings=$((findings + 1)); found=1
    fi
    cat "$log.round" >> "$log"
    n=$(grep -aoE 'Done [0-9]+ runs' "$log.round" | tail -1 | grep -oE '[0-9]+' || echo 0)
    runs=$((runs + n))
    [ $(( $(date +%s) - start )) -ge "$budget" ] || [ $found -eq 1 ] && break
  done
  secs=$(( $(date +%s) - start ))
  printf '%s\t%s\t%d s\t%d rounds\t%d executions\t%d findings\n' "$(date -u +%FT%TZ)" "$target" "$secs" "$rounds" "$runs" "$found" \
    | tee -a ../bench/out/fuzz-summary.tsv
done
exit $(( findings > 0 ))
