#!/usr/bin/env bash
# Web terminal benchmark (issue 18). Starts a gateway and a worker from the built jars on the local
# RabbitMQ, Redis and Docker, opens a terminal session on a RUNNING busybox environment, then
# measures, next to a direct `docker exec` with a TTY into the same container (the host's Docker CLI):
#   terminal_rtt: keystroke to echo, one byte at a time, against `docker exec -it` under a pty (bench/terminal_direct.py)
#   terminal_throughput: `head -c 50m /dev/zero | base64` to the client, against `docker exec -t ... | count`
# Usage: bench/terminal-bench.sh [--smoke]   (smoke: 30 keystrokes and 2m of zeros, for CI; default 500 and 50m)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
JAVA="$JAVA_HOME/bin/java"
command -v python3 >/dev/null || { echo "terminal-bench: needs python3 (standard library only) for the baseline's pty" >&2; exit 1; }

KEYS=500; SIZE=50m; RUNS=3 # busybox's head takes 50m, not 50M
if [[ "${1:-}" == "--smoke" ]]; then KEYS=30; SIZE=2m; fi

source bench/lib.sh
# The admin's environment quotas are lifted like its job quota.
GATEWAY_AUTH_ARGS+=(--slipway.gateway.quotas.max-environments=100000 --slipway.gateway.quotas.max-environment-cpus=100000
  --slipway.gateway.quotas.max-environment-memory-mb=100000000)
api() { curl -fsS -H "Authorization: Bearer $SLIPWAY_BENCH_TOKEN" -H 'Content-Type: application/json' "$@"; }
ENV_ID=""
terminal_cleanup() {
  [[ -n "$ENV_ID" ]] && api -X DELETE "localhost:18180/api/v1/environments/$ENV_ID" >/dev/null 2>&1 || true
  # lib.sh's cleanup removes what is left of this run's worker's containers, this environment's among them
}
trap 'terminal_cleanup; cleanup' EXIT

redis-cli -n 5 flushdb >/dev/null
t0=$(date +%s%N)
launch_gateway
launch_worker 1 "$POOL" --slipway.worker.environments.memory-budget=64GB
await_healthy localhost:18180/actuator/health "$t0" >/dev/null
await_healthy localhost:18181/actuator/health "$t0" >/dev/null

# Both cores for the container, so that neither side's base64 is held back by a CPU quota.
api -X POST localhost:18180/api/v1/templates \
  -d "{\"name\":\"bench-$$\",\"image\":\"busybox:latest\",\"pool\":\"$POOL\",\"resources\":{\"cpus\":2,\"memoryMb\":64,\"pidsLimit\":64}}" >/dev/null
ENV_ID=$(api -X POST localhost:18180/api/v1/environments -d "{\"template\":\"bench-$$\"}" | sed -nE 's/.*"id":"([0-9a-f-]{36})".*/\1/p')
state=""
for _ in $(seq 1 600); do
  state=$(api "localhost:18180/api/v1/environments/$ENV_ID" | sed -nE 's/.*"state":"([A-Z]+)".*/\1/p')
  [[ $state == RUNNING || $state == FAILED ]] && break
  sleep 0.1
done
[[ $state == RUNNING ]] || { echo "environment $ENV_ID is $state, not RUNNING" >&2; exit 1; }
CONTAINER=$(docker ps -q --no-trunc --filter "label=slipway.env=$ENV_ID")
[[ -n "$CONTAINER" ]] || { echo "no container labelled slipway.env=$ENV_ID" >&2; exit 1; }

# shellcheck disable=SC2086 # TERMINAL_BENCH_OPTS are words, e.g. -Dterminal.trace=FILE (see TerminalBench.java)
"$JAVA" ${TERMINAL_BENCH_OPTS:-} bench/TerminalBench.java http://127.0.0.1:18180 "$ENV_ID" "$CONTAINER" "$KEYS" "$SIZE" "$RUNS" | grep RESULT
