#!/usr/bin/env bash
# bf16 route evaluation and forward benchmark; see bench/BF16.md for what each step shows and the numbers.
#   bench/bf16/run.sh [all|gemm|javacpp|shared|forward|three|rss|amp|cast] [batch] [seq] [iters]
# Each probe runs in its own JVM: two of them abort the process on purpose (coexistence tests).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/bf16"
what="${1:-all}" batch="${2:-8}" seq="${3:-256}" iters="${4:-5}"
out="$here/target" && mkdir -p "$out/classes" "$out/native"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true

if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && mvn -q -B ${MVN_FLAGS:-} -DskipTests package) || exit 1
fi
(cd "$root/tune4j-core" && mvn -q -B ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$out/classpath.txt") || exit 1
m2="${M2_REPO:-$HOME/.m2/repository}"
ob="$m2/org/bytedeco/openblas/0.3.30-1.5.12"
# JavaCPP's own libtorch (only for the standalone and coexistence probes) links OpenBLAS; tune4j excludes it.
if [ ! -f "$ob/openblas-0.3.30-1.5.12-linux-x86_64.jar" ]; then
  mvn -q -B dependency:get -Dartifact=org.bytedeco:openblas:0.3.30-1.5.12:jar:linux-x86_64 -Dtransitive=false
  mvn -q -B dependency:get -Dartifact=org.bytedeco:openblas:0.3.30-1.5.12 -Dtransitive=false
fi
cp="$root/tune4j-core/target/classes:$(cat "$out/classpath.txt")"
cp_ob="$cp:$ob/openblas-0.3.30-1.5.12.jar:$ob/openblas-0.3.30-1.5.12-linux-x86_64.jar"
javac -d "$out/classes" -cp "$cp" "$here"/src/*.java || exit 1
glue="$out/native/libjnitorch.so"
jar="$(tr ':' '\n' < "$out/classpath.txt" | grep 'pytorch-2.7.1-1.5.12-linux-x86_64.jar')"
[ -f "$glue" ] || unzip -q -o -j "$jar" org/bytedeco/pytorch/linux-x86_64/libjnitorch.so -d "$out/native"

run() { echo "\$ $*"; "$@" 2>&1 | grep -vE '^SLF4J|^frame #|^ *$' | cut -c1-400; echo "exit ${PIPESTATUS[0]}"; echo; }
echo "load: $(uptime)"
case "$what" in all|gemm)
  run java -cp "$out/classes:$cp" MatmulPrecisionProbe set
  ONEDNN_DEFAULT_FPMATH_MODE=BF16 run java -cp "$out/classes:$cp" MatmulPrecisionProbe set ;; esac
case "$what" in all|javacpp)
  for mode in jcpp djl-then-jcpp jcpp-then-djl; do run java -cp "$out/classes:$cp_ob" JavacppProbe "$mode"; done ;; esac
case "$what" in all|shared)
  run java -cp "$out/classes:$cp" SharedLibtorchProbe "$glue" ;; esac
case "$what" in all|forward)
  run java -Xmx6g -cp "$out/classes:$cp" Bf16ForwardBench both "$batch" "$seq" "$iters" ;; esac
case "$what" in all|three)
  run java -Xmx6g -cp "$out/classes:$cp" Fp32MediumForwardProbe "$batch" "$seq" "$iters" ;; esac
case "$what" in all|rss)
  for dtype in fp32 bf16; do
    run /usr/bin/time -f "peak RSS %M KB, wall %e s" java -Xmx6g -cp "$out/classes:$cp" Bf16ForwardBench "$dtype" "$batch" "$seq" 2
  done ;; esac
case "$what" in all|amp)
  # bf16 mixed-precision training's upper bound, one Linear layer (FFN up- and down-projection, 8 × 250 tokens).
  for shape in "768 3072" "3072 768"; do
    for grads in x w; do
      # shellcheck disable=SC2086
      run java -Xmx4g -cp "$out/classes:$cp" AmpLinearProbe $shape 2000 9 "$grads"
    done
  done ;; esac
case "$what" in all|cast)
  # What autocast pays per micro-batch to cast bert-base's frozen encoder weights to bf16.
  run java -Xmx4g -cp "$out/classes:$cp" CastProbe 8 ;; esac
echo "load: $(uptime)"
