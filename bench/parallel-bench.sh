#!/usr/bin/env bash
# Parallel container-job benchmark (issue 7, scenario 4). Starts a gateway and three workers from
# the built jars on the local RabbitMQ, Redis and Docker, then measures N `true` jobs submitted at
# once and run by 1, 2 and 3 workers (2 slots each), next to as many `docker run --rm busybox true`
# through the Docker CLI with the same concurrency as the slots.
# The workers start together; worker k serves the pools of the runs with k or more workers, so
# each run reaches exactly its workers while all three are up.
# Usage: bench/parallel-bench.sh [--smoke]   (smoke: 4 jobs per run, for CI; default 100)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
JAVA="$JAVA_HOME/bin/java"

JOBS=100; SLOTS=2
if [[ "${1:-}" == "--smoke" ]]; then JOBS=4; fi

source bench/lib.sh
redis-cli -n 5 flushdb >/dev/null
t0=$(date +%s%N)
launch_gateway
launch_worker 1 "$POOL-w1,$POOL-w2,$POOL-w3" --slipway.worker.slots=$SLOTS
launch_worker 2 "$POOL-w2,$POOL-w3" --slipway.worker.slots=$SLOTS
launch_worker 3 "$POOL-w3" --slipway.worker.slots=$SLOTS
for port in 18180 18181 18182 18183; do await_healthy "localhost:$port/actuator/health" "$t0" >/dev/null; done

"$JAVA" bench/ParallelBench.java http://127.0.0.1:18180 "$POOL" "$JOBS" "$SLOTS" 1 2 3 | grep RESULT | tee "$LOGS/parallel.results"

echo
echo "| workers x slots | jobs | Slipway | docker run, same concurrency | ratio (target >= 0.9) |"
echo "|---|---|---|---|---|"
sed -E 's/.*workers=([0-9]+) slots=([0-9]+) jobs=([0-9]+) slipway_s=([0-9.]+) slipway_jobs_per_s=([0-9.]+) raw_s=([0-9.]+) raw_jobs_per_s=([0-9.]+) ratio=([0-9.]+).*/| \1 (\2 slots) | \3 | \5 jobs\/s (\4 s) | \7 jobs\/s (\6 s) | \8 |/' "$LOGS/parallel.results"
