# Shared by the benchmark scripts: starts a gateway (port 18180) and a worker (18181) from the
# built jars on the local RabbitMQ, Redis (database 5) and Docker, and stops them on exit.
# After start_slipway: GATEWAY_PID, WORKER_PID, POOL, and GATEWAY_START_S / WORKER_START_S (from
# launch to a healthy actuator). Expects ROOT and JAVA to be set.

[[ -f "$ROOT/api-gateway/target/api-gateway.jar" && -f "$ROOT/build-worker/target/build-worker.jar" ]] \
  || (cd "$ROOT" && ./mvnw -B -q -ntp -DskipTests package)

LOGS="$ROOT/target/bench-logs"; mkdir -p "$LOGS"
POOL="bench-$$"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 40); do
    alive=0; for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && return; sleep 0.5
  done
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done # a gateway stuck in GC ignores a polite stop
}
trap cleanup EXIT

# Seconds from now until the URL answers 200, at most 120.
await_healthy() {
  local url="$1" started="$2"
  for _ in $(seq 1 1200); do
    curl -fs "$url" >/dev/null 2>&1 && { echo "$(( $(date +%s%N) - started ))" | awk '{printf "%.1f", $1 / 1e9}'; return; }
    sleep 0.1
  done
  echo "timeout"; return 1
}

start_slipway() {
  local common=(--spring.data.redis.database=5 --slipway.gateway.jobs.max-timeout=24h)
  redis-cli -n 5 flushdb >/dev/null
  local t0; t0=$(date +%s%N)
  "$JAVA" -Xmx1g -jar "$ROOT/api-gateway/target/api-gateway.jar" --server.port=18180 "${common[@]}" >"$LOGS/gateway.log" 2>&1 &
  GATEWAY_PID=$!; PIDS+=($GATEWAY_PID)
  "$JAVA" -Xmx512m -jar "$ROOT/build-worker/target/build-worker.jar" --server.port=18181 --slipway.worker.pools="$POOL" \
    --slipway.worker.id="bench-worker-$$" "${common[@]}" >"$LOGS/worker.log" 2>&1 &
  WORKER_PID=$!; PIDS+=($WORKER_PID)
  # Both start at once on two cores, as they would on one machine.
  GATEWAY_START_S=$(await_healthy localhost:18180/actuator/health "$t0")
  WORKER_START_S=$(await_healthy localhost:18181/actuator/health "$t0")
}
