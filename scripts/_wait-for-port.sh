# Sourced by the server scripts.
# wait_for_port PORT SECONDS: 0 once 127.0.0.1:PORT accepts connections, 1 after SECONDS.
wait_for_port() {
  local port=$1 tries=$(( $2 * 20 ))
  for _ in $(seq 1 "$tries"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  return 1
}

# stop_pid PID: asks the process to end (SIGTERM) and waits up to 5 s for it to go.
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done
}
