#!/usr/bin/env bash
# Measures the one-command demo: wall time from start to the final summary and the peak memory of the whole stack (the
# demo JVM plus its broker, stream and replay child processes, summed RSS sampled every second).
# Usage: scripts/bench-demo.sh [demo options...]   (default: the `make demo` run, June 2022 synthetic x 0.001)
# Prints progress on stderr and one JSON line on stdout: {"seconds":S,"peak_rss_mb":N,"summary":{...}}.
set -euo pipefail
cd "$(dirname "$0")/.."

workdir=$(mktemp -d "${TMPDIR:-/tmp}/gh-bench-demo-XXXXXX")
trap 'rm -rf "$workdir"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

tree_rss_kb() { # sum of RSS (kB) of $1 and all its descendants
  local total=0 pid
  for pid in $(descendants "$1"); do
    total=$((total + $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
descendants() {
  echo "$1"
  local child
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do descendants "$child"; done
}

start=$(date +%s.%N)
bin/gh-activity demo --exit-when-done --workdir "$workdir/demo" --port "$port" "$@" > "$workdir/summary.json" &
demo=$!
peak=0
while kill -0 "$demo" 2>/dev/null; do
  rss=$(tree_rss_kb "$demo")
  (( rss > peak )) && peak=$rss
  sleep 1
done
wait "$demo"
end=$(date +%s.%N)
summary=$(tail -n 1 "$workdir/summary.json")
printf '{"seconds":%.1f,"peak_rss_mb":%d,"summary":%s}\n' "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" $((peak / 1024)) "$summary"
