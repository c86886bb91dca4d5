#!/usr/bin/env bash
# Builds and runs the host jitter probe (scripts/host-jitter/host_jitter.c): spinning threads
# record every gap in their own execution; prints JSON per thread, including the share of a
# steady message stream those gaps alone would delay beyond a latency bound.
# usage: scripts/host-jitter.sh [THREADS=1] [SECONDS=5] [THRESHOLD_US=10] [PIN=0] [BOUND_US=20]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.build"
cc -O2 -pthread -Wall -o "$root/.build/host_jitter" "$root/scripts/host-jitter/host_jitter.c"
exec "$root/.build/host_jitter" "$@"
