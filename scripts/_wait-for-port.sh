# Sourced by the server scripts: wait_for_port PORT SECONDS → 0 once 127.0.0.1:PORT accepts
# connections, 1 after SECONDS.
wait_for_port() {
  local port=$1 tries=$(( $2 * 20 ))
  for _ in $(seq 1 "$tries"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  return 1
}
