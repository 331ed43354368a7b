#!/usr/bin/env bash
# The stream against its baseline as whole commands: `gh-activity stream --trigger available-now` (Kafka → lake,
# start to exit) against `gh-activity bench-stream-baseline` (a plain Spark batch job, JSON files → the same Parquet
# columns, start to exit), over the same generated real-size events, JVM and Spark start-up included on both sides.
# Runs them in turn (the order alternates each run) after one unmeasured run of each, each on a fresh output, and
# prints wall seconds and peak RSS per run (/usr/bin/time) and the median ratio baseline ÷ stream (> 1: the stream
# is faster). GH_ACTIVITY_SPARK=4.0 runs both on the Spark 4.0.2 classpath (make build-emr).
# Usage: scripts/bench-stream-commands.sh [--events N] [--runs R] [--max-offsets-per-trigger M] [--master local[2]]
set -euo pipefail
cd "$(dirname "$0")/.."
events=200000 runs=3 max_offsets=200000 master="local[2]"
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --max-offsets-per-trigger) max_offsets="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-stream-commands: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "bench-stream-commands: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gh-bench-stream-commands-XXXXXX")
broker_pid=""
cleanup() { [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bin/gh-activity broker --port "$port" --data-dir "$work/broker" >"$work/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$broker_pid" 2>/dev/null || { cat "$work/broker.log" >&2; exit 1; }
  sleep 0.5
done
echo "bench-stream-commands: broker on 127.0.0.1:$port; generating $events events" >&2
bin/gh-activity bench-stream-input --bootstrap "127.0.0.1:$port" --json "$work/json" --events "$events" >"$work/input.env"
# shellcheck disable=SC1091
. "$work/input.env"

stream_cmd=(bin/gh-activity stream --bootstrap "127.0.0.1:$port" --topic "$topic" --control-topic "$control_topic"
  --lake "$work/out-stream" --trigger available-now --max-offsets-per-trigger "$max_offsets" --master "$master"
  --topic-wait PT10S)
baseline_cmd=(bin/gh-activity bench-stream-baseline --json "$work/json" --out "$work/out-baseline" --master "$master")
timed() { # timed stream|baseline: runs it on a fresh output under /usr/bin/time, prints "wall_s peak_rss_kb"
  local -n cmd="$1_cmd"
  rm -rf "$work/out-$1"
  if ! /usr/bin/time -f '%e %M' -o "$work/time" "${cmd[@]}" >>"$work/$1.log" 2>&1; then
    echo "bench-stream-commands: $1 failed; its log:" >&2; tail -n 40 "$work/$1.log" >&2; exit 1
  fi
  cat "$work/time"
}
echo "bench-stream-commands: one unmeasured run of each (page cache, broker)" >&2
timed stream >/dev/null; timed baseline >/dev/null

echo "| run | order | stream s | baseline s | baseline ÷ stream | stream peak RSS MB | baseline peak RSS MB |"
echo "|---|---|---:|---:|---:|---:|---:|"
ratios=()
for r in $(seq 1 "$runs"); do
  if [ $((r % 2)) = 1 ]; then order="stream first"; read -r s sm < <(timed stream); read -r b bm < <(timed baseline)
  else order="baseline first"; read -r b bm < <(timed baseline); read -r s sm < <(timed stream); fi
  ratio=$(awk -v b="$b" -v s="$s" 'BEGIN { printf "%.2f", b / s }')
  ratios+=("$ratio")
  echo "| $r | $order | $s | $b | ${ratio}× | $((sm / 1024)) | $((bm / 1024)) |"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
# The last stream run must have written every event (its per-batch metrics; the hours stay open at the end of a
# 200k-event run, so there are no manifests to count): a fast wrong run is no result.
rows=$(python3 -c 'import glob, json, sys; print(sum(json.loads(l)["rowsWritten"] for f in glob.glob(sys.argv[1] + "/_metrics/stream/*.jsonl") for l in open(f) if l.strip()))' "$work/out-stream")
echo
echo "events $events (${json_bytes} bytes of JSON), Spark ${GH_ACTIVITY_SPARK:-4.2.0 (default build)}, master $master, median baseline ÷ stream **${median}×**; rows the stream wrote: $rows"
[ "$rows" = "$events" ] || { echo "bench-stream-commands: the stream wrote $rows rows, not $events" >&2; exit 1; }
