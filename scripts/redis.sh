#!/usr/bin/env bash
# Starts or stops a throwaway Redis for the Redis Streams driver: bound to 127.0.0.1 only, no
# persistence, state in a temp dir, stopped by its PID (never by name).
#   scripts/redis.sh start [PORT]   → prints the state dir; export RINGLOG_REDIS=127.0.0.1:PORT
#   scripts/redis.sh stop DIR
# Needs redis-server (Debian: apt-get install redis-server).
set -euo pipefail
. "$(dirname "$0")/_wait-for-port.sh"
case "${1:-}" in
start)
  port=${2:-6390}
  command -v redis-server >/dev/null || { echo "error: redis-server not installed (apt-get install redis-server)" >&2; exit 1; }
  dir=$(mktemp -d /tmp/ringlog-redis.XXXXXX)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log"
  if wait_for_port "$port" 5; then echo "$dir"; exit 0; fi
  echo "error: redis-server did not accept connections on 127.0.0.1:$port within 5 s; log: $dir/redis.log" >&2
  exit 1 ;;
stop)
  dir=${2:?usage: scripts/redis.sh stop DIR}
  if [ -f "$dir/redis.pid" ]; then stop_pid "$(cat "$dir/redis.pid")"; fi
  rm -rf "$dir" ;;
*) echo "usage: scripts/redis.sh start [PORT] | stop DIR" >&2; exit 2 ;;
esac
