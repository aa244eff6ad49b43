#!/usr/bin/env bash
# Peak RSS and cold wall time of one fill-mask through the ./tune4j launcher, model already cached.
# "Cold" = a fresh JVM per run (JVM start, libtorch load, checkpoint SHA-256 check, weight mapping,
# tokenizer, forward); the operating system's page cache is left warm, as on any second run.
# Usage: bench/run-fillmask.sh [RUNS]   (default 5; the median wall time is reported)
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
runs="${1:-5}"
text="the capital of france is [MASK]."
export OPT_OUT_TRACKING=true DJL_OFFLINE=true

if [ ! -x /usr/bin/time ]; then
  echo "== installing GNU time (apt-get install time)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q time >/dev/null; else sudo apt-get install -y -q time >/dev/null; fi
fi

echo "== warm-up run: builds the CLI if stale, converts the model if not cached (not measured)" >&2
"$root/tune4j" fill-mask --model bert-base-uncased "$text" >/dev/null

walls=() rss=()
measured="$(mktemp)"
trap 'rm -f "$measured"' EXIT
for i in $(seq "$runs"); do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -o "$measured" -f '%e %M' "$root/tune4j" fill-mask --model bert-base-uncased "$text" >/dev/null
  m="$(tail -1 "$measured")"
  walls+=("${m% *}") rss+=("${m#* }")
  echo "run $i: ${m% *} s wall, peak RSS $(( ${m#* } / 1024 )) MiB (load average $load)" >&2
done

# Where the peak comes from: one more run with /proc sampled every 20 ms. RssFile is the memory-mapped
# checkpoint (and libraries), RssAnon what the process allocated; a second copy of the 420 MiB of
# weights would show up as RssAnon well above 420 MiB.
"$root/tune4j" fill-mask --model bert-base-uncased "$text" >/dev/null &
pid=$!
anon=0 file=0 hwm=0
while kill -0 "$pid" 2>/dev/null; do
  if s="$(cat /proc/$pid/status 2>/dev/null)"; then
    a="$(awk '/^RssAnon/ {print $2}' <<<"$s")" f="$(awk '/^RssFile/ {print $2}' <<<"$s")" h="$(awk '/^VmHWM/ {print $2}' <<<"$s")"
    [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
    [ -n "$f" ] && [ "$f" -gt "$file" ] && file=$f
    [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
  fi
  sleep 0.02
done
wait "$pid"

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
max() { printf '%s\n' "$@" | sort -g | tail -1; }
wall="$(median "${walls[@]}")"
peak="$(max "${rss[@]}")"
weights="$(stat -c %s "${TUNE4J_HOME:-$HOME/.cache/tune4j}/models/bert-base-uncased/model.safetensors" 2>/dev/null || echo 0)"

echo
echo "./tune4j fill-mask --model bert-base-uncased \"$text\" ($runs runs, $(date -u +%Y-%m-%dT%H:%MZ))"
awk -v w="$wall" -v all="${walls[*]}" 'BEGIN { printf "cold wall time  %.2f s median (runs: %s)  target <= 5 s: %s\n", w, all, w <= 5 ? "met" : "MISSED" }'
awk -v k="$peak" 'BEGIN { printf "peak RSS        %.0f MiB (max of runs)      target <= 2 GB: %s\n", k / 1024, k * 1024 <= 2e9 ? "met" : "MISSED" }'
awk -v a="$anon" -v f="$file" -v h="$hwm" -v wb="$weights" 'BEGIN {
  printf "sampled run     VmHWM %.0f MiB = anonymous up to %.0f MiB + file-backed up to %.0f MiB (checkpoint %.0f MiB)\n",
    h / 1024, a / 1024, f / 1024, wb / 1048576 }'
