#!/usr/bin/env bash
# Job acceptance benchmark (issue 7, scenario 3). Starts a gateway alone from the built jar on the
# local RabbitMQ and Redis, then measures, for 8 and 32 concurrent HTTP clients, the rate of
# POST /api/v1/jobs answered 201 (recorded in Redis, confirmed into a quorum queue) next to
# RabbitMQ PerfTest publishing with confirms to a quorum queue with as many producers.
# No worker runs: the jobs go to pools nobody serves and stay queued; on exit their queues are
# deleted and Redis database 5 flushed. Then the same clients again against a gateway with
# authentication off, to show what the token check costs (no PerfTest for that one).
# Usage: bench/accept-bench.sh [--smoke]   (smoke: 3 s per measurement, for CI; default 20 s)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
JAVA="$JAVA_HOME/bin/java"

SECONDS_EACH=20; CLIENTS=(8 32)
if [[ "${1:-}" == "--smoke" ]]; then SECONDS_EACH=3; fi

source bench/lib.sh
# PerfTest is on Maven Central only as a jar with dependencies; Maven resolves its class path
# (and downloads it once into the local repository).
./mvnw -B -q -ntp -f bench/perftest/pom.xml dependency:build-classpath -Dmdep.outputFile="$LOGS/perftest.classpath" >/dev/null
start_gateway

"$JAVA" bench/AcceptBench.java http://127.0.0.1:18180 "$POOL" "$SECONDS_EACH" "$(cat "$LOGS/perftest.classpath")" "${CLIENTS[@]}" \
  | grep RESULT | tee "$LOGS/accept.results"

# The same gateway with authentication off (allowed only on a loopback address), to show what the
# token check costs: the same clients, no PerfTest (the broker's ceiling is the same as above).
kill "$GATEWAY_PID" 2>/dev/null || true; wait "$GATEWAY_PID" 2>/dev/null || true
GATEWAY_AUTH_ARGS=(--slipway.gateway.auth.enabled=false --server.address=127.0.0.1 --slipway.gateway.quotas.max-active-jobs=1000000
  --slipway.gateway.auth.rate-limit.per-second=1000000 --slipway.gateway.auth.rate-limit.burst=1000000)
start_gateway
SLIPWAY_BENCH_ACCEPT_LABEL=accept_auth_off "$JAVA" bench/AcceptBench.java http://127.0.0.1:18180 "$POOL-noauth" "$SECONDS_EACH" - "${CLIENTS[@]}" \
  | grep RESULT | tee "$LOGS/accept-auth-off.results"

echo
echo "| clients | Slipway 201/s | p50 / p99 | PerfTest msg/s (--confirm 1) | ratio (target >= 0.6) |"
echo "|---|---|---|---|---|"
sed -E 's/.*clients=([0-9]+).*slipway_per_s=([0-9]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+).*perftest_per_s=([0-9]+) ratio=([0-9.]+).*/| \1 | \2 | \3 ms \/ \4 ms | \5 | \6 |/' "$LOGS/accept.results"
echo
echo "Authentication off, same clients:"
sed -E 's/.*clients=([0-9]+).*slipway_per_s=([0-9]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+).*/| \1 | \2 | \3 ms \/ \4 ms |/' "$LOGS/accept-auth-off.results"
