#!/usr/bin/env bash
# Where the time goes. With hardware counters (perf stat works): runs a workload under
# `perf stat` and `perf record` and writes results/profile/README.md (counters, instructions per
# message, top functions). Without them (this project's development machine, many VMs): falls
# back to valgrind's callgrind on the 1 producer / 1 consumer log path, which counts
# instructions repeatably (scripts/profile-callgrind.sh → results/callgrind/README.md).
# Usage: scripts/profile.sh [WORKLOAD.yaml] [--driver log|queue|mutex-queue] [--duration S]
set -euo pipefail
cd "$(dirname "$0")/.."
workload=${1:-workloads/1p1c-max-rate-100b.yaml}; shift || true
extra=("$@")
if command -v perf >/dev/null && perf stat -e instructions true >/dev/null 2>&1; then
  swift build -c release --product ringlog >/dev/null
  out=results/profile; mkdir -p "$out"
  json=$(mktemp --suffix .json)
  perf stat -e cycles,instructions,cache-misses,context-switches -o "$out/perf-stat.txt" \
    .build/release/ringlog bench "$workload" --duration 3 --warmup 0.5 -o "$json" "${extra[@]}" >/dev/null
  perf record -g -o "$out/perf.data" .build/release/ringlog bench "$workload" --duration 3 --warmup 0.5 -o "$json" "${extra[@]}" >/dev/null 2>&1
  sent=$(python3 -c "import json,sys; print(json.load(open('$json'))['ringlog']['totalSent'])")
  instr=$(awk '/instructions/ {gsub(",","",$1); print $1}' "$out/perf-stat.txt")
  {
    echo "# perf profile: \`scripts/profile.sh $workload ${extra[*]}\`"
    echo
    echo "Messages sent (second run's JSON): $sent; instructions per message (perf stat run, all threads): $((instr / (sent > 0 ? sent : 1)))"
    echo
    echo '```'; cat "$out/perf-stat.txt"; echo '```'
    echo
    echo "Top functions:"
    echo '```'; perf report -i "$out/perf.data" --stdio --no-children 2>/dev/null | grep -v '^#' | grep '%' | head -25 | swift demangle --simplified; echo '```'
  } > "$out/README.md"
  rm -f "$out/perf.data" "$json"
  cat "$out/README.md"
else
  echo "perf has no hardware counters here: counting instructions with valgrind's callgrind instead" >&2
  exec scripts/profile-callgrind.sh
fi
