# Shared by the benchmark scripts: starts a gateway (port 18180) and workers (18181, 18182, ...)
# from the build's extracted applications on the local RabbitMQ, Redis (database 5) and Docker, and
# stops them on exit. They start as production does (deploy/java-command.sh): the JVM options of
# deploy/jvm.env and the AOT cache the build made, so the benchmarks measure what runs.
# After start_slipway: GATEWAY_PID, WORKER_PID, POOL, and GATEWAY_START_S / WORKER_START_S (from
# launch to a healthy actuator). start_gateway starts a gateway alone; launch_gateway and
# launch_worker start one without waiting, for scripts that need other combinations; stop_slipway
# stops what was started. Expects ROOT and JAVA_HOME to be set. SLIPWAY_BENCH_JARS=DIR takes both
# applications from DIR/api-gateway and DIR/build-worker (copies of the modules' target/aot, made
# with cp -a so the AOT caches stay valid) instead of target/, to benchmark a copy while a build
# rewrites target/ (a DIR with the two executable jars still works, without the caches: start-up
# figures are then not comparable). SLIPWAY_BENCH_GATEWAY_OPTS and SLIPWAY_BENCH_WORKER_OPTS add JVM options, e.g. a
# flight recording to profile a run with (docs/benchmarks.md shows the ones used).

source "$ROOT/deploy/java-command.sh"
if [[ -n "${SLIPWAY_BENCH_JARS:-}" ]]; then
  GATEWAY_DIR="$SLIPWAY_BENCH_JARS/api-gateway"; WORKER_DIR="$SLIPWAY_BENCH_JARS/build-worker"
  # A DIR of executable jars (DIR/api-gateway.jar) as before: they run without the AOT cache.
  [[ ! -d "$GATEWAY_DIR" && -f "$GATEWAY_DIR.jar" ]] && GATEWAY_DIR="$GATEWAY_DIR.jar"
  [[ ! -d "$WORKER_DIR" && -f "$WORKER_DIR.jar" ]] && WORKER_DIR="$WORKER_DIR.jar"
else
  GATEWAY_DIR="$ROOT/api-gateway/target/aot"; WORKER_DIR="$ROOT/build-worker/target/aot"
  [[ -f "$GATEWAY_DIR/api-gateway.jar" && -f "$WORKER_DIR/build-worker.jar" ]] || (cd "$ROOT" && ./mvnw -B -q -ntp -DskipTests package)
fi

LOGS="$ROOT/target/bench-logs"; mkdir -p "$LOGS"
POOL="bench-$$" # every queue this run makes has it in its name, so cleanup finds them all
PIDS=()
# Stops every gateway and worker started so far and waits until they are gone.
stop_slipway() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 40); do
    alive=0; for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break; sleep 0.5
  done
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done # a gateway stuck in GC ignores a polite stop
  PIDS=()
}
cleanup() {
  stop_slipway
  # Containers of this run's workers that a killed worker left: no later reaper removes them, since
  # their jobs are flushed below and the reaper removes an unknown job's container only if it is its own.
  docker ps -a --filter "label=slipway.worker" --format '{{.ID}} {{.Label "slipway.worker"}}' 2>/dev/null \
    | awk -v prefix="bench-worker-$$-" 'index($2, prefix) == 1 { print $1 }' | xargs -r docker rm -f >/dev/null 2>&1 || true
  # Jobs left queued for pools nobody serves, the workers' own queues, and the records of all of them.
  for queue in $(rabbitmqctl -q list_queues name 2>/dev/null | grep -E "$POOL([^0-9]|\$)|worker\+bench-worker-$$-" || true); do
    rabbitmqctl -q delete_queue "$queue" >/dev/null 2>&1 || true
  done
  redis-cli -n 5 flushdb >/dev/null 2>&1 || true
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

COMMON_ARGS=(--spring.data.redis.database=5 --slipway.gateway.jobs.max-timeout=24h)
# Auth is on, as in every deployment: the benchmarks sign in as the admin with this token (BenchHttp
# and the curl calls read SLIPWAY_BENCH_TOKEN), whose quota and rate limit are lifted so that
# they measure the system, not its limits.
export SLIPWAY_BENCH_TOKEN="${SLIPWAY_BENCH_TOKEN:-bench-admin-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
GATEWAY_AUTH_ARGS=(--slipway.gateway.auth.admin-token="$SLIPWAY_BENCH_TOKEN" --slipway.gateway.quotas.max-active-jobs=1000000
  --slipway.gateway.auth.rate-limit.per-second=1000000 --slipway.gateway.auth.rate-limit.burst=1000000)

# Launches the gateway on 18180 without waiting for it; sets GATEWAY_PID.
# Its graceful shutdown waits for event streams whose clients are gone until the phase times out
# (30 s by default); 5 s is enough for a benchmark, which has nothing in flight by then.
# Benchmarks name pools of their own, some on purpose served by no worker: the gateway accepts any.
launch_gateway() {
  slipway_java_command api-gateway "$GATEWAY_DIR"
  # shellcheck disable=SC2086 # the options are words
  "${SLIPWAY_JAVA_COMMAND[0]}" ${SLIPWAY_BENCH_GATEWAY_OPTS:-} "${SLIPWAY_JAVA_COMMAND[@]:1}" --server.port=18180 --spring.lifecycle.timeout-per-shutdown-phase=5s \
    --slipway.gateway.pools='*' \
    "${COMMON_ARGS[@]}" "${GATEWAY_AUTH_ARGS[@]}" >"$LOGS/gateway.log" 2>&1 &
  GATEWAY_PID=$!; PIDS+=($GATEWAY_PID)
}

# Launches worker number N (port 18180+N, id bench-worker-PID-N) serving POOLS (comma-separated)
# without waiting for it; sets WORKER_PID. Extra worker arguments (e.g. --slipway.worker.slots=4) after POOLS.
launch_worker() {
  local n="$1" pools="$2"; shift 2
  slipway_java_command build-worker "$WORKER_DIR"
  # shellcheck disable=SC2086
  "${SLIPWAY_JAVA_COMMAND[0]}" ${SLIPWAY_BENCH_WORKER_OPTS:-} "${SLIPWAY_JAVA_COMMAND[@]:1}" --server.port=$((18180 + n)) --slipway.worker.pools="$pools" \
    --slipway.worker.id="bench-worker-$$-$n" "${COMMON_ARGS[@]}" "$@" >"$LOGS/worker-$n.log" 2>&1 &
  WORKER_PID=$!; PIDS+=($WORKER_PID)
}

start_slipway() {
  redis-cli -n 5 flushdb >/dev/null
  local t0; t0=$(date +%s%N)
  launch_gateway
  launch_worker 1 "$POOL"
  # Both start at once on two cores, as they would on one machine.
  GATEWAY_START_S=$(await_healthy localhost:18180/actuator/health "$t0")
  WORKER_START_S=$(await_healthy localhost:18181/actuator/health "$t0")
}

# As start_slipway, but one after the other: the gateway alone, then the worker while the gateway
# idles. Each start then has the machine to itself, which is what "start-up of each" means.
start_slipway_one_by_one() {
  redis-cli -n 5 flushdb >/dev/null
  local t0; t0=$(date +%s%N)
  launch_gateway
  GATEWAY_START_S=$(await_healthy localhost:18180/actuator/health "$t0")
  t0=$(date +%s%N)
  launch_worker 1 "$POOL"
  WORKER_START_S=$(await_healthy localhost:18181/actuator/health "$t0")
}

start_gateway() {
  redis-cli -n 5 flushdb >/dev/null
  local t0; t0=$(date +%s%N)
  launch_gateway
  GATEWAY_START_S=$(await_healthy localhost:18180/actuator/health "$t0")
}
