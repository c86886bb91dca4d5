#!/usr/bin/env bash
# Starts or stops a throwaway NATS server with JetStream for the NATS driver: bound to
# 127.0.0.1 only, JetStream state in a temp dir, stopped by its PID (never by name).
#   scripts/nats.sh start [PORT]   → prints the state dir; export RINGLOG_NATS=nats://127.0.0.1:PORT
#   scripts/nats.sh stop DIR
# Needs nats-server (Debian: apt-get install nats-server).
set -euo pipefail
. "$(dirname "$0")/_wait-for-port.sh"
case "${1:-}" in
start)
  port=${2:-4290}
  command -v nats-server >/dev/null || { echo "error: nats-server not installed (apt-get install nats-server)" >&2; exit 1; }
  dir=$(mktemp -d /tmp/ringlog-nats.XXXXXX)
  nats-server -js -a 127.0.0.1 -p "$port" -sd "$dir/store" -P "$dir/nats.pid" -l "$dir/nats.log" </dev/null >/dev/null 2>&1 &
  if wait_for_port "$port" 5; then echo "$dir"; exit 0; fi
  echo "error: nats-server did not accept connections on 127.0.0.1:$port within 5 s; log: $dir/nats.log" >&2
  exit 1 ;;
stop)
  dir=${2:?usage: scripts/nats.sh stop DIR}
  if [ -f "$dir/nats.pid" ]; then stop_pid "$(cat "$dir/nats.pid")"; fi
  rm -rf "$dir" ;;
*) echo "usage: scripts/nats.sh start [PORT] | stop DIR" >&2; exit 2 ;;
esac
