#!/usr/bin/env bash
# Starts or stops a throwaway RabbitMQ for the RabbitMQ driver: run directly (no systemd, no
# Debian wrapper), bound to 127.0.0.1 only, all state in a temp dir, stopped by its PID file;
# Erlang's epmd helper is pinned to loopback and stopped by its own PID too.
#   scripts/rabbitmq.sh start [PORT]   → prints the state dir; export RINGLOG_RABBITMQ=127.0.0.1:PORT
#   scripts/rabbitmq.sh stop DIR
# Needs rabbitmq-server (Debian: apt-get install rabbitmq-server). Ready in about 3–7 s.
set -euo pipefail
. "$(dirname "$0")/_wait-for-port.sh"
sbin=$(echo /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin)
case "${1:-}" in
start)
  port=${2:-5690}
  [ -x "$sbin/rabbitmq-server" ] || { echo "error: rabbitmq-server not installed (apt-get install rabbitmq-server)" >&2; exit 1; }
  dir=$(mktemp -d /tmp/ringlog-rabbitmq.XXXXXX)
  mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
  echo '[].' > "$dir/enabled_plugins"
  echo "listeners.tcp.default = 127.0.0.1:$port" > "$dir/rabbitmq.conf"
  (
    export HOME=$dir/home RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log \
      RABBITMQ_NODENAME=ringlog@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$port \
      RABBITMQ_DIST_PORT=$((port + 20000)) RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins \
      RABBITMQ_CONFIG_FILE=$dir/rabbitmq RABBITMQ_PID_FILE=$dir/rabbit.pid ERL_EPMD_ADDRESS=127.0.0.1 \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    "$sbin/rabbitmq-server" </dev/null >"$dir/server.out" 2>&1 &
  )
  if wait_for_port "$port" 30; then
    # The port opens a moment before the broker accepts logins: give it a second.
    sleep 1; echo "$dir"; exit 0
  fi
  echo "error: RabbitMQ did not accept connections on 127.0.0.1:$port within 30 s; log: $dir/server.out" >&2
  exit 1 ;;
stop)
  dir=${2:?usage: scripts/rabbitmq.sh stop DIR}
  if [ -f "$dir/rabbit.pid" ]; then
    pid=$(cat "$dir/rabbit.pid")
    HOME=$dir/home RABBITMQ_NODENAME=ringlog@localhost ERL_EPMD_ADDRESS=127.0.0.1 \
      timeout 30 "$sbin/rabbitmqctl" stop "$dir/rabbit.pid" >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  fi
  epmd_pid=$(ss -ltnpH 'sport = :4369' 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
  if [ -n "$epmd_pid" ]; then kill "$epmd_pid" 2>/dev/null || true; fi
  rm -rf "$dir" ;;
*) echo "usage: scripts/rabbitmq.sh start [PORT] | stop DIR" >&2; exit 2 ;;
esac
