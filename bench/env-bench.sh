#!/usr/bin/env bash
# Environment benchmark (issue 17). Starts a gateway and a worker from the built jars on the local
# RabbitMQ, Redis and Docker, then measures:
#   env_create: POST of an environment until it shows RUNNING, next to `docker run -d` of the same image
#   env_memory: the worker's resident memory with no environment, and with N idle ones running
# Usage: bench/env-bench.sh [--smoke]   (smoke: 3 creates and 5 idle environments, for CI; default 30 and 100)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
JAVA="$JAVA_HOME/bin/java"

RUNS=30; IDLE=100
if [[ "${1:-}" == "--smoke" ]]; then RUNS=3; IDLE=5; fi

source bench/lib.sh
# The admin's environment quotas are lifted like its job quota, and the worker may host them all.
GATEWAY_AUTH_ARGS+=(--slipway.gateway.quotas.max-environments=100000 --slipway.gateway.quotas.max-environment-cpus=100000
  --slipway.gateway.quotas.max-environment-memory-mb=100000000)
WORKER_ENV_ARGS=(--slipway.worker.environments.max=$((IDLE + 10)) --slipway.worker.environments.memory-budget=64GB)
env_cleanup() {
  docker ps -aq --filter label=slipway.bench=env | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker ps -aq --filter label=slipway.env --format '{{.ID}} {{.Label "slipway.worker"}}' 2>/dev/null \
    | awk -v prefix="bench-worker-$$-" 'index($2, prefix) == 1 { print $1 }' | xargs -r docker rm -f >/dev/null 2>&1 || true
}
trap 'env_cleanup; cleanup' EXIT

redis-cli -n 5 flushdb >/dev/null
t0=$(date +%s%N)
launch_gateway
launch_worker 1 "$POOL" "${WORKER_ENV_ARGS[@]}"
await_healthy localhost:18180/actuator/health "$t0" >/dev/null
await_healthy localhost:18181/actuator/health "$t0" >/dev/null

api() { curl -fsS -H "Authorization: Bearer $SLIPWAY_BENCH_TOKEN" -H 'Content-Type: application/json' "$@"; }
api -X POST localhost:18180/api/v1/templates \
  -d "{\"name\":\"bench-$$\",\"image\":\"busybox:latest\",\"pool\":\"$POOL\",\"resources\":{\"cpus\":0.1,\"memoryMb\":16,\"pidsLimit\":32}}" >/dev/null

"$JAVA" bench/EnvBench.java http://127.0.0.1:18180 "bench-$$" "$RUNS" | grep RESULT

rss_mb() { echo $(( $(ps -o rss= -p "$WORKER_PID") / 1024 )); }
sleep 10
IDLE_0=$(rss_mb)
ids=()
for _ in $(seq 1 "$IDLE"); do
  ids+=("$(api -X POST localhost:18180/api/v1/environments -d "{\"template\":\"bench-$$\"}" | sed -nE 's/.*"id":"([0-9a-f-]{36})".*/\1/p')")
done
for _ in $(seq 1 600); do
  running=$(api "localhost:18180/api/v1/environments?state=RUNNING&limit=200" | { grep -o '"state":"RUNNING"' || true; } | wc -l)
  [[ $running -ge $IDLE ]] && break
  sleep 0.5
done
[[ $running -ge $IDLE ]] || { echo "only $running of $IDLE environments came up" >&2; exit 1; }
sleep 15 # a few sweeps and image reports with them all hosted
IDLE_N=$(rss_mb)
echo "RESULT env_memory idle=$IDLE worker_rss_0_mb=$IDLE_0 worker_rss_n_mb=$IDLE_N per_env_kb=$(( (IDLE_N - IDLE_0) * 1024 / IDLE )) (worker -Xmx512m)"
for id in "${ids[@]}"; do api -X DELETE "localhost:18180/api/v1/environments/$id" >/dev/null || true; done
