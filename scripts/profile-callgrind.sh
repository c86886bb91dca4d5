#!/usr/bin/env bash
# Instruction counts per record of the partition log's append + poll paths, with valgrind's
# callgrind (repeatable on a noisy host and where hardware counters are absent).
# Runs `ringlog throughput --interleaved` (one thread: append a batch, poll it) under callgrind
# for each batch size and writes DIR/README.md (default results/callgrind) with the top functions.
# Usage: scripts/profile-callgrind.sh [-o DIR] [MESSAGES] [BATCHES...]
# (scripts/profile.sh falls back to this where perf cannot sample.)
set -euo pipefail
cd "$(dirname "$0")/.."
out=results/callgrind
if [ "${1:-}" = "-o" ]; then out=$2; shift 2; fi
messages=${1:-1000000}; shift || true
batches=("${@:-1 64}")
if ! command -v valgrind >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null \
     && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind; } >/dev/null 2>&1; then
    echo "profile-callgrind.sh: installed valgrind with apt-get" >&2
  else
    echo "error: valgrind not found and not installable here (apt-get install valgrind)" >&2; exit 1
  fi
fi
swift build -c release --product ringlog >/dev/null
mkdir -p "$out"
# valgrind 3.19 cannot read Swift 6's DWARF 5: profile a copy without debug info (symbols stay).
bin=$(mktemp); install -m 755 .build/release/ringlog "$bin"; strip --strip-debug "$bin"
{
  echo "# Instructions per record (callgrind)"
  echo
  echo "- Command: \`scripts/profile-callgrind.sh $messages ${batches[*]}\`; $(valgrind --version), $(swift --version 2>/dev/null | head -1)"
  echo "- Workload: \`ringlog throughput --interleaved --messages $messages --batch B\`: one thread appends a batch of 64-byte"
  echo "  values (full framing) and polls it back, summing every value word. Per-function counts include the"
  echo "  harness's loop around each call; at batch 1 that per-call overhead dominates."
  echo "- \`annotated-batchB.txt\`: the two hot functions instruction by instruction, executions per record"
  echo "  (\`scripts/callgrind-annotate.py\`; 1.00 = once per record, 1/B = once per batch or poll)."
  echo
} > "$out/README.md"
for b in ${batches[*]}; do
  valgrind --tool=callgrind --dump-instr=yes --dump-line=no --compress-pos=no --compress-strings=no \
    --callgrind-out-file="$out/callgrind-batch$b.out" "$bin" throughput --interleaved --messages "$messages" --batch "$b" >/dev/null 2>&1
  # The two hot functions instruction by instruction (per record; 1/B = once per batch).
  python3 scripts/callgrind-annotate.py "$out/callgrind-batch$b.out" "$bin" "$messages" 2 0.01 > "$out/annotated-batch$b.txt"
  total=$(callgrind_annotate "$out/callgrind-batch$b.out" | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
  {
    echo "## batch $b: $((total / messages)) instructions per record in the whole process"
    echo
    echo "| instructions / record | function |"
    echo "|---:|---|"
    callgrind_annotate "$out/callgrind-batch$b.out" | awk -v n="$messages" '/^ *[0-9,]+ \(/ && !/PROGRAM TOTALS/ {c=$1; gsub(",","",c); f=$0; sub(/^ *[0-9,]+ \([^)]*\) +/,"",f); sub(/^[^:]*:/,"",f); sub(/ \[.*$/,"",f); if (c/n >= 1) printf "%.1f\t%s\n", c/n, f}' \
      | head -8 | swift demangle --simplified --compact | awk -F'\t' '{printf "| %s | `%s` |\n", $1, substr($2,1,120)}'
    echo
  } >> "$out/README.md"
done
rm -f "$bin" "$out"/callgrind-batch*.out
cat "$out/README.md"
