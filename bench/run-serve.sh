#!/usr/bin/env bash
# tune4j serve under load, loopback only, against offline embed or predict on the same texts, in one run:
#   1. --rounds times, one after the other: offline Embedder.embed on the texts, or Classifier.predictProba with
#      --route /predict and a classifier's model directory (OfflineBench, the ceiling a
#      server can reach), then closed loop, --clients clients x --requests requests of --texts-per-request 128-token texts,
#      against a server with dynamic batching (the defaults), then against one without (--max-batch-requests 1),
#      each after 64 untimed requests (LoadGen --warmup-requests), as the offline pass runs after a warm-up;
#   3. overload: a server admitting --overload-admit inputs (default: clients x texts per request, so the steady load fits
#      and a queue never outgrows it) gets the steady load, then --factor x the rate it sustained for
#      --overload-seconds, then probes until it answers as fast as before.
#   The overload phase runs --overload-repeats times against a base server and, with --candidate, a candidate one,
#   alternately; each is "VAR=VALUE ... [| JVM OPTIONS [| SERVE OPTIONS]]" (environment, JVM, tune4j serve).
# Every server is started by this script on 127.0.0.1 and stopped with SIGTERM. JSON lines go to bench/out/, with
# each server's /metrics and its /proc status and native memory summary after each phase (--snapshots).
# Usage: bench/run-serve.sh [--model NAME|DIR] [--route /embed|/predict] [--texts-per-request 1] [--requests N] [--clients N] [--rounds N] [--dtype auto|fp32|bf16]
#                           [--factor F] [--overload-seconds S] [--overload-admit N] [--server-opts "JVM OPTIONS"]
#                           [--base "ENV [| JVM [| SERVE]]"] [--candidate "ENV [| JVM [| SERVE]]"]
#                           [--overload-repeats N]
# --rounds 0 runs the overload phase alone; --server-opts go to the servers' JVMs (e.g. "-Xmx512m"); every server
# runs with -XX:NativeMemoryTracking=summary (about 1% slower), so that what grows under overload can be named.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"

model=bert-base-uncased route=/embed texts_per_request=1 requests=96 clients=16 rounds=2 dtype=auto factor=10 overload_seconds=10 overload_admit= server_opts=
base= candidate= overload_repeats=1
port=$((20000 + RANDOM % 20000))
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --route) route="$2"; shift 2 ;;
    --texts-per-request) texts_per_request="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --dtype) dtype="$2"; shift 2 ;;
    --factor) factor="$2"; shift 2 ;;
    --overload-seconds) overload_seconds="$2"; shift 2 ;;
    --overload-admit) overload_admit="$2"; shift 2 ;;
    --server-opts) server_opts="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --candidate) candidate="$2"; shift 2 ;;
    --overload-repeats) overload_repeats="$2"; shift 2 ;;
    *) echo "run-serve.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

overload_admit="${overload_admit:-$((clients * texts_per_request))}"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (numbers are only comparable on a quiet machine)" >&2
echo "== CPU flags: $(grep -o -E 'avx512[a-z_0-9]*|avx2|amx[a-z_]*' /proc/cpuinfo | sort -u | tr '\n' ' ')" >&2
if [ -z "${SKIP_BUILD:-}" ]; then # SKIP_BUILD=1: run what the last build made
  echo "== building (mvn -q -DskipTests package)" >&2
  (cd "$root" && mvn -q -B ${MVN_FLAGS:-} -DskipTests package) >&2
fi
cp="$bench/target/tune4j-bench.jar:$(cat "$bench/target/classpath.txt")"
out="$bench/out/serve-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
results="$out/results.jsonl"

server_pid=
stop_server() { # [label]: keeps the server's /metrics (batch sizes, queue times) beside the results
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2> /dev/null; then
    [ -n "${1:-}" ] && curl -sf "http://127.0.0.1:$port/metrics" > "$out/metrics-$1.txt" || true
    kill -TERM "$server_pid"
    wait "$server_pid" || echo "run-serve.sh: the server exited $?" >&2
  fi
  server_pid=
}
trap stop_server EXIT

server_env=() extra_opts= serve_flags=()
start_server() { # label, extra serve options...
  local label="$1"; shift
  # shellcheck disable=SC2086 # the JVM options are words
  env "${server_env[@]}" java $server_opts $extra_opts -XX:NativeMemoryTracking=summary -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -Dai.djl.offline=true -jar "$root/tune4j-cli/target/tune4j.jar" \
    serve --model "$model" --host 127.0.0.1 --port "$port" --dtype "$dtype" "$@" > "$out/server-$label.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    if curl -sf "http://127.0.0.1:$port/health" > /dev/null 2>&1; then
      return
    fi
    kill -0 "$server_pid" 2> /dev/null || { cat "$out/server-$label.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "run-serve.sh: the server did not become healthy" >&2
  exit 1
}

loadavg() { # label, when: the machine's load average into the results, beside the numbers it qualifies
  printf '{"label": "%s", "loadavg_%s": "%s"}\n' "$1" "$2" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
}

load() { # label, load-gen options...
  local label="$1"; shift
  loadavg "$label" before
  java -cp "$cp" dev.tune4j.bench.LoadGen --url "http://127.0.0.1:$port" --clients "$clients" --requests "$requests" \
    --route "$route" --texts-per-request "$texts_per_request" --pid "$server_pid" --label "$label" --snapshots "$out" "$@" | tee -a "$results"
  loadavg "$label" after
}

for round in $(seq 1 "$rounds"); do
  echo "== round $round: offline embed on the same texts" >&2
  java -DOPT_OUT_TRACKING=true -DDJL_OFFLINE=true -cp "$cp" dev.tune4j.bench.OfflineBench --model "$model" --route "$route" \
    --texts "$requests" --dtype "$dtype" | tee -a "$results"
  for mode in batching one-at-a-time; do
    echo "== round $round: $mode" >&2
    if [ "$mode" = batching ]; then start_server "$mode-$round"; else start_server "$mode-$round" --max-batch-requests 1; fi
    load "$mode"
    stop_server "$mode-$round"
  done
done

for repeat in $(seq 1 "$overload_repeats"); do
  for variant in base candidate; do
    spec="$base"
    if [ "$variant" = candidate ]; then
      [ -n "$candidate" ] || continue
      spec="$candidate"
    fi
    IFS='|' read -r env_part jvm_part serve_part <<< "$spec"
    read -r -a server_env <<< "${env_part:-}"
    extra_opts="${jvm_part:-}"
    read -r -a serve_flags <<< "${serve_part:-}"
    echo "== overload ($variant: ${server_env[*]} | $extra_opts | ${serve_flags[*]}, $repeat): ${factor}x the sustained rate for ${overload_seconds}s," \
      "--max-concurrent-requests $overload_admit; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    start_server "overload-$variant-$repeat" --max-concurrent-requests "$overload_admit" "${serve_flags[@]}"
    load "overload-$variant-$repeat" --overload-factor "$factor" --overload-seconds "$overload_seconds"
    stop_server "overload-$variant-$repeat"
  done
done
echo "== results: $results" >&2
