#!/usr/bin/env bash
# Container-job benchmark. Starts a gateway and a worker from the built jars on the local
# RabbitMQ, Redis and Docker, then measures:
#   startup:  launch to healthy actuator, gateway and worker started together, then each alone
#             (the gateway, then the worker while the gateway idles)
#   idle:     resident memory of each after 10 s without work (of the pair started one by one)
#   e2e:      a `true` job from POST to the client seeing its end, next to `docker run --rm busybox true`
#   dispatch: a job's createdAt to startedAt: recorded, queued, taken and claimed, before any Docker call
# Usage: bench/job-bench.sh [--smoke]   (smoke: 3 jobs, for CI; default 50)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
JAVA="$JAVA_HOME/bin/java"

RUNS=50
if [[ "${1:-}" == "--smoke" ]]; then RUNS=3; fi

source bench/lib.sh
start_slipway
echo "RESULT startup gateway_s=$GATEWAY_START_S worker_s=$WORKER_START_S (started together, 2 cores)"
stop_slipway
start_slipway_one_by_one
echo "RESULT startup_alone gateway_s=$GATEWAY_START_S worker_s=$WORKER_START_S (each alone, one after the other)"
# The start-up figures are those of the AOT cache (deploy/aot-cache.sh): fail, in CI's smoke run too,
# when a JVM started without it or could not use it (the JVM then logs "[error][aot] ...").
if [[ -d "$GATEWAY_DIR" ]]; then
  for started in "$GATEWAY_PID $LOGS/gateway.log" "$WORKER_PID $LOGS/worker-1.log"; do
    read -r pid log <<<"$started"
    if ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- '-XX:AOTCache=' || grep -qE '\[(error|warning) *\]\[aot' "$log"; then
      echo "job-bench: $log: started without its AOT cache" >&2; grep -E '\]\[aot' "$log" | head -3 >&2; exit 1
    fi
  done
fi
sleep 10
echo "RESULT idle gateway_rss_mb=$(( $(ps -o rss= -p "$GATEWAY_PID") / 1024 )) worker_rss_mb=$(( $(ps -o rss= -p "$WORKER_PID") / 1024 )) (deploy/jvm.env: gateway $SLIPWAY_GATEWAY_HEAP, worker $SLIPWAY_WORKER_HEAP, $SLIPWAY_JVM_OPTS)"

"$JAVA" bench/JobBench.java http://127.0.0.1:18180 "$POOL" "$RUNS" | grep RESULT
