#!/usr/bin/env bash
# Builds a statically linked release `ringlog` (Swift runtime and Foundation linked in) that runs
# on any x86-64 Linux host with glibc, so one file can be copied to a big machine:
#     scripts/build-static.sh && scp dist/ringlog bighost: && ssh bighost ./ringlog scale --max-pairs 8
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product ringlog --scratch-path .build-static
mkdir -p dist
cp .build-static/release/ringlog dist/ringlog
echo "dist/ringlog: $(du -h dist/ringlog | cut -f1); dynamic libraries it needs:"
ldd dist/ringlog | sed 's/^/  /'
