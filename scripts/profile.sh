#!/usr/bin/env bash
# Where the time goes: a sampled profile of one `ringlog` run, drawn as a flame graph.
#
# Usage: scripts/profile.sh [-o DIR] [--keep-data] [--callgrind] [WORKLOAD.yaml [bench options...]]
#        scripts/profile.sh [-o DIR] [--keep-data] [--callgrind] -- RINGLOG-ARGS...
#   default run: ringlog bench workloads/1p1c-max-rate-100b.yaml --duration 3 --warmup 0.5
#   e.g. a short one: scripts/profile.sh -o /tmp/prof -- throughput --messages 5000000
#   DIR (default results/profile) gets: README.md (what was run and done, perf stat, top
#   functions), report.txt (perf report with call chains), stacks.folded (one line per stack,
#   Swift names demangled), flamegraph.svg, and perf.data with --keep-data.
#   --callgrind: skip perf, go straight to the callgrind fallback (step 5).
#   Environment: FLAMEGRAPH_DIR, a FlameGraph checkout (flamegraph.pl, stackcollapse-perf.pl);
#   PROFILE_FREQUENCY, samples per second per thread (default 999); CALLGRIND_MESSAGES, records
#   per callgrind run (default 1000000).
#
# How:
# 1. Installs what is missing with apt-get (linux-perf; valgrind for the fallback) and says so.
# 2. Builds ringlog in release mode (Swift keeps frame pointers, so `perf record -g` walks stacks).
# 3. `perf stat` (whole process, all threads: software counters, and hardware ones where the
#    host has a PMU; `<not supported>` where not), then `perf record -g`: on the `cycles` hardware
#    event where there is a PMU, else on the `cpu-clock` software event (a timer: it samples in a
#    VM without a PMU just as well, in CPU time rather than cycles).
# 4. Folds the stacks (`perf script | stackcollapse-perf.pl`, or perf's own `perf script report
#    stackcollapse`, same format, where FlameGraph is not installed), demangles Swift names, and
#    draws flamegraph.svg with `flamegraph.pl`. Brendan Gregg's FlameGraph is packaged by
#    Fedora, Alpine, FreeBSD, Homebrew and Nix, not by Debian: the script tries
#    `apt-get install flamegraph` (for distributions that have it), then PATH and FLAMEGRAPH_DIR;
#    without it there is no SVG, and stacks.folded is what any flame graph tool reads.
# 5. Where perf cannot sample at all (no perf_event_open in a container, perf_event_paranoid 3),
#    falls back to valgrind's callgrind: scripts/profile-callgrind.sh -o DIR, instruction counts
#    per record of the partition log's append + poll paths.
#
# Reading profiles: a flame graph's x axis is the share of samples (CPU time), not time order;
# each box is a function, the ones above it what it called; wide boxes at the top are where the
# CPU was. The roots are thread stacks (start_thread → the harness's produce/consume loops).
# Sampling says where, not how much per message: for counts per message per thread (instructions,
# cycles, cache misses, context switches, task-clock), see RingLogPlatform's ThreadCounters; for
# exact instruction counts on any host, scripts/profile-callgrind.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

out=results/profile; keep_data=0; force_callgrind=0; args=()
while [ $# -gt 0 ]; do
  case $1 in
    -o) out=$2; shift 2 ;;
    --keep-data) keep_data=1; shift ;;
    --callgrind) force_callgrind=1; shift ;;
    --) shift; args=("$@"); break ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) workload=$1; shift; args=(bench "$workload" --duration 3 --warmup 0.5 "$@"); break ;;
  esac
done
[ ${#args[@]} -gt 0 ] || args=(bench workloads/1p1c-max-rate-100b.yaml --duration 3 --warmup 0.5)
mkdir -p "$out"
out=$(cd "$out" && pwd)
done_steps=()
say() { echo "profile.sh: $*" >&2; done_steps+=("$*"); }

# apt-get install, as root or with sudo; updates the package lists once first.
apt_updated=0
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "profile.sh: need root or sudo to apt-get install $*" >&2; return 1; }
    sudo="sudo"
  fi
  command -v apt-get >/dev/null || { echo "profile.sh: no apt-get here; install $* yourself" >&2; return 1; }
  if [ $apt_updated -eq 0 ]; then $sudo apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}

if [ $force_callgrind -eq 0 ] && ! command -v perf >/dev/null; then
  if apt_install linux-perf; then say "installed linux-perf with apt-get ($(perf --version))"
  else say "perf is missing and linux-perf could not be installed"; fi
fi

# Can perf sample here, and on which event?
event=""; why=""
if [ $force_callgrind -eq 1 ]; then
  why="--callgrind"
elif command -v perf >/dev/null; then
  probe=$(mktemp -d)
  # (perf record -e cycles silently falls back to cpu-clock without a PMU: ask perf stat first.)
  cycles=$(perf stat -x, -e cycles true 2>&1 >/dev/null | grep ',cycles' | cut -d, -f1 || true)
  if [[ $cycles =~ ^[0-9]+$ ]] && perf record -e cycles -g -o "$probe/p.data" true >/dev/null 2>&1 \
     && perf evlist -i "$probe/p.data" 2>/dev/null | grep -q '^cycles'; then
    event=cycles; why="the host has a hardware PMU"
  elif perf record -e cpu-clock -g -o "$probe/p.data" true >/dev/null 2>&1; then
    event=cpu-clock; why="no hardware PMU here (perf stat -e cycles: ${cycles:-nothing}), so the cpu-clock software timer"
  else
    why=$(perf record -e cpu-clock -o "$probe/p.data" true 2>&1 | grep -v '^$' | head -3 | tr '\n' ' ' || true)
  fi
  rm -rf "$probe"
fi

if [ -z "$event" ]; then
  if [ $force_callgrind -eq 1 ]; then say "--callgrind: counting instructions with valgrind's callgrind instead of sampling"
  else say "perf cannot sample here (${why:-no perf}): counting instructions with valgrind's callgrind instead"; fi
  say "callgrind runs its own workload (ringlog throughput --interleaved, scripts/profile-callgrind.sh), not: ringlog ${args[*]}"
  if ! command -v valgrind >/dev/null; then
    apt_install valgrind && say "installed valgrind with apt-get" || { echo "profile.sh: valgrind missing and not installable" >&2; exit 1; }
  fi
  exec scripts/profile-callgrind.sh -o "$out" ${CALLGRIND_MESSAGES:-}
fi
say "sampling with perf record -e $event -g ($why)"

# flamegraph.pl and stackcollapse-perf.pl: PATH, FLAMEGRAPH_DIR, or a distribution package.
find_tool() {
  if [ -n "${FLAMEGRAPH_DIR:-}" ] && [ -x "$FLAMEGRAPH_DIR/$1" ]; then echo "$FLAMEGRAPH_DIR/$1"; return; fi
  command -v "$1" 2>/dev/null || true
}
flamegraph=$(find_tool flamegraph.pl)
if [ -z "$flamegraph" ]; then
  if apt-cache policy flamegraph 2>/dev/null | grep -q 'Candidate: [0-9]' && apt_install flamegraph; then
    say "installed flamegraph with apt-get"
    flamegraph=$(find_tool flamegraph.pl)
  else
    say "no flamegraph.pl (PATH, FLAMEGRAPH_DIR) and no flamegraph package for this distribution (Debian has none): no SVG, only stacks.folded"
  fi
fi
stackcollapse=$(find_tool stackcollapse-perf.pl)

swift build -c release --product ringlog >/dev/null
bin=.build/release/ringlog
say "built $bin (swift build -c release)"

perf stat -e task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions,branch-misses,cache-misses \
  -o "$out/perf-stat.txt" "$bin" "${args[@]}" > /dev/null
say "perf stat: ringlog ${args[*]}"
perf record -e "$event" -F "${PROFILE_FREQUENCY:-999}" -g -o "$out/perf.data" "$bin" "${args[@]}" > "$out/ringlog-output.txt" 2> "$out/perf-record.log"
samples=$(grep -o '([0-9]* samples)' "$out/perf-record.log" | tr -dc 0-9 || true)
rm -f "$out/perf-record.log"
say "perf record: ${samples:-?} samples of ringlog ${args[*]} (its output: ringlog-output.txt)"

perf report -i "$out/perf.data" --stdio --no-children 2>/dev/null | swift demangle --simplified > "$out/report.txt"
if [ -n "$stackcollapse" ]; then
  perf script -i "$out/perf.data" 2>/dev/null | "$stackcollapse" | swift demangle --simplified > "$out/stacks.folded"
  # stackcollapse-perf.pl weighs each sample by its period: nanoseconds of CPU time for cpu-clock.
  unit=$([ "$event" = cpu-clock ] && echo ns || echo "$event")
  say "folded the stacks with $stackcollapse (weights: $unit)"
else
  # (`perf script report` ignores -i: it reads ./perf.data)
  (cd "$out" && perf script report stackcollapse 2>/dev/null) | swift demangle --simplified > "$out/stacks.folded"
  unit=samples
  say "folded the stacks with perf's own stackcollapse script (no stackcollapse-perf.pl; weights: samples)"
fi
rm -f "$out/flamegraph.svg"
if [ -n "$flamegraph" ]; then
  "$flamegraph" --title "ringlog ${args[*]} ($event, $(hostname))" --countname "$unit" --width 1600 \
    "$out/stacks.folded" > "$out/flamegraph.svg"
  say "drew flamegraph.svg with $flamegraph"
fi
[ $keep_data -eq 1 ] || rm -f "$out/perf.data"

{
  echo "# perf profile: \`ringlog ${args[*]}\`"
  echo
  echo "- Host: $(hostname), $(nproc) CPUs, kernel $(uname -r), $(perf --version), perf_event_paranoid $(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo '?')"
  echo "- Sampled event: \`$event\` at ${PROFILE_FREQUENCY:-999} Hz with frame-pointer call chains (\`perf record -g\`): $why"
  echo "- Files: \`report.txt\` (perf report, call chains), \`stacks.folded\` (folded stacks, demangled)$([ -n "$flamegraph" ] && echo ', `flamegraph.svg`')$([ $keep_data -eq 1 ] && echo ', `perf.data`'), \`perf-stat.txt\`, \`ringlog-output.txt\`"
  echo
  echo "What the script did:"
  echo
  for s in "${done_steps[@]}"; do echo "- $s"; done
  echo
  echo "Counters (a separate run; whole process, all threads; \`<not supported>\`: no PMU for it here):"
  echo
  echo '```'; grep -v '^#' "$out/perf-stat.txt" | sed '/^$/d'; echo '```'
  echo
  echo "Top functions (self time):"
  echo
  echo '```'; grep -v '^#' "$out/report.txt" | grep -E '^ +[0-9.]+%' | head -15 | cut -c1-160; echo '```'
} > "$out/README.md"
cat "$out/README.md"
