#!/usr/bin/env bash
# Re-runs the command behind every folder in results/ (see results/README.md), each writing to its
# own folder. It takes hours, wants the machine to itself (nothing else running: these are
# benchmarks), and is not part of CI.
#
# usage: scripts/regenerate-results.sh [--list] [FOLDER...]     (default: every folder, in order)
#
# - The RingLog measured is this tree's release build. A folder that compares against an older
#   build names it by commit; that commit is checked out in a temporary git worktree and built
#   there (`swift build -c release --product ringlog`), then removed at the end.
# - compare-vm-2026-11-24-systems-run4 needs the brokers and their client libraries
#   (apt-get install redis-server nats-server rabbitmq-server libhiredis-dev librdkafka-dev
#   libnats-dev librabbitmq-dev); it starts them on loopback and stops them by PID.
# - A folder's name records the host of its original run (-intel, -epyc, the date); a re-run
#   writes the figures of the machine it runs on into the same folder.
# - hugepages-vm-2026-11-24 needs a huge page pool of at least 32 pages
#   (sudo sysctl -w vm.nr_hugepages=64); it is skipped, saying so, without one.
# - read-contract-callgrind-vm-2026-12-05 and callgrind need valgrind. The former's README is
#   written by hand (its "before" build had a patch adding `--retention` to `ringlog throughput`);
#   the re-run writes this build's totals to totals.txt beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

folders=(
  compare-vm-2026-12-02-run10
  compare-vm-2026-12-02-run9
  compare-vm-2026-11-24-systems-run4
  spsc-vs-c-vm-2026-12-02-intel-run5
  header-first-vm-2026-12-02-intel
  value-stores-vm-2026-12-02-intel
  spsc-vs-c-vm-2026-12-02-run4
  spsc-vs-two-c-rings-vm-2026-12-05-amd
  fanout4-log-vs-queue-vm-2026-12-02-intel-run10
  fanout4-log-vs-queue-c70c908-vm-2026-12-02-intel-run11
  fanout4-log-vs-queue-vm-2026-12-02-intel-run12
  fanout4-log-vs-queue-vm-2026-12-02-intel-run13
  read-contract-callgrind-vm-2026-12-05
  read-contract-overwrite-vs-block-1p1c-vm-2026-12-05
  read-contract-overwrite-vs-block-fanout-4-vm-2026-12-05
  read-contract-block-fanout4-vm-2026-12-05
  callgrind
  serve-callgrind-vm-2026-12-06
  serve-vs-mock-vm-2026-12-06-amd
  compare-systems-counters-vm-2026-12-06-amd
  host-jitter-vm-2026-12-02-intel-run2
  host-jitter-vm-2026-12-02-intel
  host-jitter-vm-2026-12-02-epyc
  host-jitter-vm-2026-12-02
  pinning
  hugepages-vm-2026-11-24
  scale-vm-2026-11-24
)

if [ "${1:-}" = "--list" ]; then printf '%s\n' "${folders[@]}"; exit 0; fi
if [ $# -gt 0 ]; then
  for f in "$@"; do
    printf '%s\n' "${folders[@]}" | grep -qxF -- "$f" || { echo "error: no such results folder here: $f (--list shows them)" >&2; exit 1; }
  done
  selected=("$@")
else
  selected=("${folders[@]}")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ringlog-regenerate.XXXXXX")
redis_dir=""; nats_dir=""; rabbit_dir=""
cleanup() {
  if [ -n "$rabbit_dir" ]; then scripts/rabbitmq.sh stop "$rabbit_dir" || true; fi
  if [ -n "$redis_dir" ]; then scripts/redis.sh stop "$redis_dir" || true; fi
  if [ -n "$nats_dir" ]; then scripts/nats.sh stop "$nats_dir" || true; fi
  # The worktrees build_at made (it runs in command substitutions, so they are found by path).
  local w
  for w in "$work"/build-*; do
    if [ -d "$w" ]; then git -C "$root" worktree remove --force "$w" >/dev/null 2>&1 || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The release `ringlog` of COMMIT, built once in a temporary worktree; prints the binary's path.
build_at() {
  local commit=$1 dir="$work/build-$1"
  if [ ! -x "$dir/.build/release/ringlog" ]; then
    echo "building ringlog at $commit in $dir" >&2
    git -C "$root" worktree add --detach "$dir" "$commit" >/dev/null
    (cd "$dir" && swift build -c release --product ringlog >&2)
  fi
  echo "$dir/.build/release/ringlog"
}

echo "building this tree's release ringlog"
swift build -c release --product ringlog
ringlog=$root/.build/release/ringlog

fanout_ab() { # NAME [ab-bench flags...]: fan-out K = 4, log against K-copy queue, 15 pairs
  local name=$1; shift
  python3 scripts/ab-bench.py "$name" --workload workloads/fanout-4-max-rate-100b.yaml \
    --label-a 'queue (K copies)' --a '--driver queue' --label-b 'log (one copy, K cursors)' --b '--driver log' \
    --pairs 15 "$@"
}

host_jitter_both() { # FOLDER: one thread unpinned and two threads pinned, three runs each, alternating
  local out=results/$1
  mkdir -p "$out"
  for i in 1 2 3; do
    scripts/host-jitter.sh 1 10 10 0 20 > "$out/one-thread-$i.json"
    scripts/host-jitter.sh 2 10 10 1 20 > "$out/two-threads-pinned-$i.json"
  done
  echo "$out: JSON rewritten; its README's table is written by hand from them"
}

run_folder() {
  case "$1" in
    compare-vm-2026-12-02-run10|compare-vm-2026-12-02-run9)
      swift run -c release ringlog compare --output "results/$1" ;;
    compare-vm-2026-11-24-systems-run4)
      swift build -c release --traits Redis,Kafka,NATS,RabbitMQ --scratch-path .build-systems --product ringlog
      redis_dir=$(scripts/redis.sh start 6390)
      nats_dir=$(scripts/nats.sh start 4291)
      rabbit_dir=$(scripts/rabbitmq.sh start 5690)
      RINGLOG_REDIS=127.0.0.1:6390 RINGLOG_NATS=nats://127.0.0.1:4291 RINGLOG_RABBITMQ=127.0.0.1:5690 \
        .build-systems/release/ringlog compare --systems --output "results/$1"
      scripts/rabbitmq.sh stop "$rabbit_dir"; rabbit_dir=""
      scripts/nats.sh stop "$nats_dir"; nats_dir=""
      scripts/redis.sh stop "$redis_dir"; redis_dir="" ;;
    spsc-vs-c-vm-2026-12-02-intel-run5)
      python3 scripts/compare-c-ring.py --repeats 15 --batches 1,64 --ring-bytes 1048576,16777216 \
        --also "ba215c5=$(build_at ba215c5)" --out "results/$1" ;;
    header-first-vm-2026-12-02-intel)
      python3 scripts/compare-c-ring.py --repeats 31 --batches 1,8,64,256 --ring-bytes 1048576,16777216 \
        --layouts aligned:8 --also "8b7d6de=$(build_at 8b7d6de)" --out "results/$1" ;;
    value-stores-vm-2026-12-02-intel)
      python3 scripts/compare-c-ring.py --repeats 31 --batches 1,8,64,256 --ring-bytes 1048576,16777216 \
        --layouts aligned:8 --also "base=$(build_at 730516b)" --out "results/$1" ;;
    spsc-vs-c-vm-2026-12-02-run4)
      python3 scripts/compare-c-ring.py --repeats 7 --messages 20000000 --batches 1,8,64,256 \
        --ring-bytes 1048576,16777216 --readers each,batch --layouts aligned:16 \
        --also "bb78e15=$(build_at bb78e15),f55d710=$(build_at f55d710)" --out "results/$1" ;;
    spsc-vs-two-c-rings-vm-2026-12-05-amd)
      python3 scripts/compare-c-ring.py --repeats 15 --batches 1,64 --ring-bytes 1048576 --pin --out "results/$1"
      REPS=8 .build/yardstick-spsc 64 1 16384 20000000 | grep '^TRIAL.*Mmsg' > "results/$1/yardstick-trials.txt" ;;
    fanout4-log-vs-queue-vm-2026-12-02-intel-run10|fanout4-log-vs-queue-vm-2026-12-02-intel-run12|fanout4-log-vs-queue-vm-2026-12-02-intel-run13)
      fanout_ab "$1" --title 'Fan-out K = 4, delivered msg/s: log vs K-copy queue' ;;
    fanout4-log-vs-queue-c70c908-vm-2026-12-02-intel-run11)
      local old; old=$(build_at c70c908)
      fanout_ab "$1" --binary-a "$old" --binary-b "$old" \
        --title 'Fan-out K = 4, delivered msg/s: log vs K-copy queue (c70c908, control)' ;;
    read-contract-callgrind-vm-2026-12-05)
      command -v valgrind >/dev/null || { echo "SKIPPED $1: valgrind not found (apt-get install valgrind)"; return 0; }
      # valgrind 3.19 cannot read Swift 6's DWARF 5: profile a copy without debug info (symbols stay).
      local bin="$work/ringlog-stripped" out=results/$1/totals.txt retention batch reader
      install -m 755 "$ringlog" "$bin"; strip --strip-debug "$bin"
      echo "# instructions per record, whole process, 1,000,000 records (valgrind --tool=callgrind)" > "$out"
      for retention in block overwrite; do for batch in 64 1; do for reader in each batch; do
        valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin" throughput --interleaved \
          --messages 1000000 --batch "$batch" --retention "$retention" --reader "$reader" >/dev/null 2>&1
        callgrind_annotate "$work/cg.out" | awk -v r="$retention" -v b="$batch" -v a="$reader" \
          '/PROGRAM TOTALS/ {gsub(",","",$1); printf "%s batch %s reader %s: %.1f\n", r, b, a, $1 / 1000000}' >> "$out"
      done; done; done
      cat "$out" ;;
    read-contract-overwrite-vs-block-1p1c-vm-2026-12-05)
      python3 scripts/ab-bench.py "$1" --workload workloads/1p1c-max-rate-100b.yaml \
        --label-a 'block (zero-copy reads)' --a '--ring-capacity 1048576' \
        --label-b 'overwrite (validated copies)' --b '--ring-capacity 1048576 --retention overwrite' \
        --pairs 11 --duration 1 --title 'Overwrite against block retention, 1p1c-max-rate-100b, 1 MiB rings, the same build' ;;
    read-contract-overwrite-vs-block-fanout-4-vm-2026-12-05)
      python3 scripts/ab-bench.py "$1" --workload workloads/fanout-4-max-rate-100b.yaml \
        --label-a 'block (zero-copy reads)' --a '--ring-capacity 1048576' \
        --label-b 'overwrite (validated copies)' --b '--ring-capacity 1048576 --retention overwrite' \
        --pairs 11 --duration 1 --title 'Overwrite against block retention, fanout-4-max-rate-100b, 1 MiB rings, the same build' ;;
    read-contract-block-fanout4-vm-2026-12-05)
      python3 scripts/ab-bench.py "$1" --workload workloads/fanout-4-max-rate-100b.yaml \
        --label-a 'before (5b2af4f)' --a '--ring-capacity 1048576' --label-b after --b '--ring-capacity 1048576' \
        --binary-a "$(build_at 5b2af4f)" --pairs 15 --duration 1 \
        --title 'Block retention, fan-out K = 4, 1 MiB rings: before and after the read contract' ;;
    callgrind)
      command -v valgrind >/dev/null || { echo "SKIPPED $1: valgrind not found (apt-get install valgrind)"; return 0; }
      scripts/profile-callgrind.sh 1000000 1 8 64 ;;
    compare-systems-counters-vm-2026-12-06-amd)
      swift build -c release --traits Redis,Kafka,NATS,RabbitMQ --scratch-path .build-kafka-release --product ringlog
      redis_dir=$(scripts/redis.sh start 6390); nats_dir=$(scripts/nats.sh start 4290); rabbit_dir=$(scripts/rabbitmq.sh start 5690)
      RINGLOG_REDIS=127.0.0.1:6390 RINGLOG_NATS=nats://127.0.0.1:4290 RINGLOG_RABBITMQ=127.0.0.1:5690 \
        .build-kafka-release/release/ringlog compare --systems --counters --output "results/$1" || true
      scripts/rabbitmq.sh stop "$rabbit_dir"; rabbit_dir=""
      scripts/nats.sh stop "$nats_dir"; nats_dir=""
      scripts/redis.sh stop "$redis_dir"; redis_dir="" ;;
    serve-vs-mock-vm-2026-12-06-amd)
      swift build -c release --traits Kafka --scratch-path .build-kafka-release --product ringlog
      python3 scripts/serve-vs-mock.py --pairs 5 --duration 5 --out "results/$1" ;;
    serve-callgrind-vm-2026-12-06)
      command -v valgrind >/dev/null || { echo "SKIPPED $1: valgrind not found (apt-get install valgrind)"; return 0; }
      scripts/serve-callgrind.sh -o "results/$1" 100 100 ;;
    host-jitter-vm-2026-12-02-intel-run2)
      mkdir -p "results/$1"
      for i in 1 2; do scripts/host-jitter.sh 2 10 10 1 20 > "results/$1/two-threads-pinned-$i.json"; done
      echo "results/$1: JSON rewritten; its README's summary is written by hand from them" ;;
    host-jitter-vm-2026-12-02-intel|host-jitter-vm-2026-12-02-epyc|host-jitter-vm-2026-12-02)
      host_jitter_both "$1" ;;
    pinning)
      python3 scripts/ab-bench.py pinning --label-a unpinned --a '' --label-b pinned --b '--pin --placement compact' \
        --pairs 15 --title 'Pinned vs unpinned (1 producer → 1 consumer, log, batch 64, 100 B)' ;;
    hugepages-vm-2026-11-24)
      local pool; pool=$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo 0)
      if [ "$pool" -lt 32 ]; then
        echo "SKIPPED $1: the huge page pool has $pool pages, a 64 MiB ring needs 32 (sudo sysctl -w vm.nr_hugepages=64)"
        return 0
      fi
      python3 scripts/ab-bench.py "$1" --label-a '4 KiB pages' --a '--huge-pages never --ring-capacity 67108864' \
        --label-b '2 MiB hugetlb' --b '--huge-pages required --ring-capacity 67108864' --pairs 15 \
        --title '2 MiB hugetlb vs 4 KiB pages, 64 MiB ring (1 producer → 1 consumer, log, batch 64, 100 B)' ;;
    scale-vm-2026-11-24)
      "$ringlog" scale --max-pairs 4 --output "results/$1" ;;
    *)
      echo "error: no command known for results/$1" >&2; return 1 ;;
  esac
}

start=$SECONDS
for f in "${selected[@]}"; do
  printf '\n=== results/%s (%ds)\n' "$f" $((SECONDS - start))
  run_folder "$f"
done
printf '\n=== done (%ds); review the changed folders with git diff -- results/\n' $((SECONDS - start))
