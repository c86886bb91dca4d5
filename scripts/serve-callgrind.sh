#!/usr/bin/env bash
# Instructions per message of `ringlog serve`'s produce and fetch paths, with valgrind's callgrind.
# Runs RingLogServeProbe (KafkaBroker.reply on prepared Produce v7 / Fetch v11 frames; no sockets)
# with collection limited to KafkaBroker.reply (request decode, validation, append or read,
# response encode, every allocation they make), at two iteration counts, and takes differences,
# so start-up and one-time costs drop out:
#   produce = (Ir[produce, N2] - Ir[produce, N1]) / ((N2 - N1) * RECORDS)
#   fetch   = ((Ir[both, N2] - Ir[both, N1]) - (Ir[produce, N2] - Ir[produce, N1])) / ((N2 - N1) * RECORDS)
# and the same for the stored-batch alternative the server does not use (the probe's `stored-*`
# modes, collection limited to its `storedReply`): each produced batch kept whole as one engine
# record, a fetch copying it out with its base offset written; the same validation, decode and encode.
# Usage: scripts/serve-callgrind.sh [-o DIR] [RECORDS] [VALUE_BYTES]   (defaults 100 records of 100 B, 8-byte keys)
# Environment: RING_BYTES, the partition's ring (default 1 MiB: wraps, see below); N1, N2 iteration counts.
set -euo pipefail
cd "$(dirname "$0")/.."
out=results/serve-callgrind
if [ "${1:-}" = "-o" ]; then out=$2; shift 2; fi
records=${1:-100}
value=${2:-100}
n1=${N1:-100}
n2=${N2:-600}
# The partition's ring: 1 MiB wraps before N1 iterations (100 x 100 records of 136-byte frames), so
# the counts are a full overwrite ring's steady state, where the log start moves on every produce.
ring=${RING_BYTES:-1048576}
command -v valgrind >/dev/null || { echo "error: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
swift build -c release --product RingLogServeProbe >/dev/null
mkdir -p "$out"
# valgrind 3.19 cannot read Swift 6's DWARF 5: profile a copy without debug info (symbols stay).
bin=$(mktemp); install -m 755 .build/release/RingLogServeProbe "$bin"; strip --strip-debug "$bin"
profiles=$(mktemp -d) # callgrind's files (callgrind_annotate them); only README.md goes to DIR
count() { # mode iterations -> Ir inside KafkaBroker.reply (the stored-* modes: inside storedReply)
  local file="$profiles/callgrind-$1-$2.out" toggle='*11KafkaBrokerC5reply2to10connection*'
  case $1 in stored-*) toggle='*11storedReply2to3log10nextOffset*' ;; esac
  valgrind --tool=callgrind --toggle-collect="$toggle" --callgrind-out-file="$file" \
    "$bin" "$1" "$2" "$records" "$value" "$ring" >/dev/null 2>&1
  awk '/^(summary|totals):/ { print $2; exit }' "$file"
}
memcpy() { # mode iterations -> Ir inside memcpy (a count above must have made the file)
  callgrind_annotate "$profiles/callgrind-$1-$2.out" 2>/dev/null | awk '/__memcpy_avx_unaligned_erms/ { gsub(",", "", $1); print $1; found=1; exit } END { if (!found) print 0 }'
}
p1=$(count produce "$n1"); p2=$(count produce "$n2")
b1=$(count both "$n1"); b2=$(count both "$n2")
messages=$(( (n2 - n1) * records ))
produce=$(python3 -c "print(round(($p2 - $p1) / $messages))")
fetch=$(python3 -c "print(round((($b2 - $b1) - ($p2 - $p1)) / $messages))")
sp1=$(count stored-produce "$n1"); sp2=$(count stored-produce "$n2")
sb1=$(count stored-both "$n1"); sb2=$(count stored-both "$n2")
# Of those, memcpy's: glibc copies a block over 2 KiB with `rep movsb`, which callgrind counts
# as one instruction per byte (a 13,600-byte copy: 13,583 Ir; a 1,000-byte one: 124).
produce_copy=$(python3 -c "print(round(($(memcpy produce "$n2") - $(memcpy produce "$n1")) / $messages))")
fetch_copy=$(python3 -c "print(round((($(memcpy both "$n2") - $(memcpy both "$n1")) - ($(memcpy produce "$n2") - $(memcpy produce "$n1"))) / $messages))")
stored_produce=$(python3 -c "print(round(($sp2 - $sp1) / $messages))")
stored_fetch=$(python3 -c "print(round((($sb2 - $sb1) - ($sp2 - $sp1)) / $messages))")
{
  echo "# ringlog serve: instructions per message (callgrind)"
  echo
  echo "- Command: \`scripts/serve-callgrind.sh $records $value\` (N1=$n1, N2=$n2); $(valgrind --version), $(swift --version 2>/dev/null | head -1)"
  echo "- Probe: \`RingLogServeProbe produce|both N $records $value\`: per iteration one Produce v7 (acks 1) of one"
  echo "  RecordBatch v2 with $records records (8-byte key, $value-byte value, no headers) through \`KafkaBroker.reply\`;"
  echo "  \`both\` then fetches them back with one Fetch v11. Counted: everything inside \`reply\` (callgrind"
  echo "  --toggle-collect), so frame decode, validation with CRC-32C, the append or the read, response encoding"
  echo "  and allocations; not sockets or NIO. Per message = difference between N2 and N1 iterations / messages."
  echo "- The partition's ring: $ring bytes, written over many times (N1 iterations already wrap it), so every produce"
  echo "  moves the log start, which each produce and fetch response reports: a full ring's steady state."
  echo
  echo "- Stored batches (\`stored-produce|stored-both\`, the alternative the server does not use): the same requests"
  echo "  through the probe's \`storedReply\`: the server's validation (\`_validatedRecordCount\`, CRC-32C and every"
  echo "  record parsed), the batch appended whole as one engine record (its base offset the key), a fetch copying the"
  echo "  stored batch out and writing its base offset; request decode and response encode as in \`reply\`. Without"
  echo "  what a server would add (finding the batch that holds a fetch offset, per-record ListOffsets by time)."
  echo
  echo "| path | one engine record per Kafka record (the server) | stored batches (the alternative) |"
  echo "|---|---:|---:|"
  echo "| produce | $produce | $stored_produce |"
  echo "| fetch | $fetch | $stored_fetch |"
  echo
  echo "Of the server's counts, memcpy: produce $produce_copy, fetch $fetch_copy a message. glibc copies a block over"
  echo "2 KiB with \`rep movsb\`, which callgrind counts as one instruction per byte (a 13,600-byte copy counts 13,583,"
  echo "a 1,000-byte one 124). A fetch makes three whole-batch copies (the read's validated copy out of the ring, the"
  echo "record set out of the encoder's buffer, the record set into the response), each counted about 136 a message of"
  echo "136 ring bytes: far more than the cycles such a copy takes."
  echo
  echo "Raw totals: produce N1 $p1, N2 $p2; produce+fetch N1 $b1, N2 $b2; stored produce N1 $sp1, N2 $sp2; stored produce+fetch N1 $sb1, N2 $sb2."
  echo
  echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uname -sr). Instruction counts do not depend on the host's load."
  echo
  echo "Build: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo ' with uncommitted changes')."
} > "$out/README.md"
echo "callgrind profiles: $profiles" >&2
rm -f "$bin"
cat "$out/README.md"
