#!/usr/bin/env bash
# Log streaming benchmark (issue: live logs). Starts a gateway and a worker from the built jars
# on the local RabbitMQ, Redis and Docker, then measures:
#   throughput: `seq 1 $LINES` from a container to an SSE client, next to `docker run ... | wc -l`
#   latency:    print-to-client delay of paced lines
#   subscribers: idle SSE clients held by one gateway, and its heap after a full GC
# Usage: bench/log-bench.sh [--smoke]   (smoke: tiny sizes, for CI)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
JAVA="$JAVA_HOME/bin/java"

LINES=1000000; RUNS=5; LATENCY_LINES=500; SUBSCRIBERS=10000
if [[ "${1:-}" == "--smoke" ]]; then LINES=2000; RUNS=1; LATENCY_LINES=20; SUBSCRIBERS=50; fi

source bench/lib.sh
start_slipway

bench() { "$JAVA" bench/LogBench.java http://127.0.0.1:18180 "$POOL" "$@"; }
# Throughput warms up first and reports the median of several runs (see LogBench.throughput).
bench throughput "$LINES" "$RUNS" | tee "$LOGS/log-throughput.txt" | grep RESULT
bench latency "$LATENCY_LINES" | grep RESULT

coproc SUBS { timeout 300 "$JAVA" -Xmx2g bench/LogBench.java http://127.0.0.1:18180 "$POOL" subscribers "$SUBSCRIBERS" 2>&1; }
PIDS+=("$SUBS_PID") # stopped with the rest if this script ends early
while read -r line <&"${SUBS[0]}"; do
  [[ "$line" == RESULT* ]] && echo "$line"
  [[ "$line" == READY ]] && break
done
"$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" GC.run >/dev/null
# The used KB of the whole heap: G1's one "garbage-first heap" line, or the sum of SerialGC's
# "DefNew" and "Tenured" lines (deploy/jvm.env).
heap=$("$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" GC.heap_info \
  | awk '/^[^ ].* used [0-9]+K/ { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); s += v } } END { print s + 0 }')
rss=$(ps -o rss= -p "$GATEWAY_PID")
echo "RESULT subscribers gateway_heap_used_after_gc_mb=$((heap / 1024)) gateway_rss_mb=$((rss / 1024)) (gateway -Xmx1g)"
echo done >&"${SUBS[1]}"
wait "$SUBS_PID" 2>/dev/null || true
