#!/usr/bin/env bash
# Log streaming benchmark (issue: live logs). Starts a gateway and a worker from the built jars
# on the local RabbitMQ, Redis and Docker, then measures:
#   throughput: `seq 1 $LINES` from a container to an SSE client, next to `docker run ... | wc -l`
#   latency:    print-to-client delay of paced lines
#   subscribers: idle SSE clients held by one gateway, and its heap after a full GC (its class
#                histogram is kept in target/bench-logs/subscribers-histogram.txt)
# Usage: bench/log-bench.sh [--smoke] [--subscribers-only]   (smoke: tiny sizes, for CI)
# SLIPWAY_BENCH_SUBSCRIBERS=N opens N subscribers instead of 50,000 (e.g. 10,000 to compare per-client costs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
JAVA="$JAVA_HOME/bin/java"

LINES=1000000; RUNS=5; LATENCY_LINES=500; SUBSCRIBERS=50000; ONLY_SUBSCRIBERS=false
for arg in "$@"; do
  case "$arg" in
    --smoke) LINES=2000; RUNS=1; LATENCY_LINES=20; SUBSCRIBERS=50 ;;
    --subscribers-only) ONLY_SUBSCRIBERS=true ;;
  esac
done
SUBSCRIBERS="${SLIPWAY_BENCH_SUBSCRIBERS:-$SUBSCRIBERS}"
# Every subscriber is a socket at both ends: the gateway and the client (started from here) each
# need a descriptor per subscriber, past the usual limit of 1,024 or 20,000.
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# Where the limit cannot be raised (it takes CAP_SYS_RESOURCE), fewer subscribers are opened, leaving
# the gateway descriptors to spare: out of them, it could not even answer jcmd.
if (( $(ulimit -n) < SUBSCRIBERS + 1000 )); then
  echo "log-bench: the open-file limit ($(ulimit -n)) allows $(( $(ulimit -n) - 1000 )) of $SUBSCRIBERS subscribers" >&2
  SUBSCRIBERS=$(( $(ulimit -n) - 1000 ))
fi

source bench/lib.sh
start_slipway

bench() { "$JAVA" bench/LogBench.java http://127.0.0.1:18180 "$POOL" "$@"; }
# Throughput warms up first and reports the median of several runs (see LogBench.throughput).
if ! $ONLY_SUBSCRIBERS; then
  bench throughput "$LINES" "$RUNS" | tee "$LOGS/log-throughput.txt" | grep RESULT
  bench latency "$LATENCY_LINES" | grep RESULT
fi

# The subscribers come from 127.0.0.2-9 in turn (LogBench.subscribers): ~28,000 ephemeral ports each.
: >"$LOGS/subscribers-client.log"
coproc SUBS { timeout 600 "$JAVA" -Xmx1g bench/LogBench.java http://127.0.0.1:18180 "$POOL" subscribers "$SUBSCRIBERS" 2>&1; }
PIDS+=("$SUBS_PID") # stopped with the rest if this script ends early
ready=false
while read -r line <&"${SUBS[0]}"; do
  echo "$line" >>"$LOGS/subscribers-client.log"
  [[ "$line" == RESULT* || "$line" == subscriber* ]] && echo "$line"
  [[ "$line" == READY ]] && { ready=true; break; }
done
$ready || { echo "log-bench: the subscribers' client ended early:" >&2; tail -20 "$LOGS/subscribers-client.log" >&2; exit 1; }
"$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" GC.run >/dev/null
"$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" GC.class_histogram >"$LOGS/subscribers-histogram.txt" 2>&1 || true
# SLIPWAY_BENCH_HEAP_DUMP=FILE also keeps a heap dump of the gateway with the subscribers, to profile them.
[[ -n "${SLIPWAY_BENCH_HEAP_DUMP:-}" ]] && "$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" GC.heap_dump "$SLIPWAY_BENCH_HEAP_DUMP" >/dev/null
# The used KB of the whole heap: G1's one "garbage-first heap" line, or the sum of SerialGC's
# "DefNew" and "Tenured" lines (deploy/jvm.env).
heap=$("$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" GC.heap_info \
  | awk '/^[^ ].* used [0-9]+K/ { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); s += v } } END { print s + 0 }')
rss=$(ps -o rss= -p "$GATEWAY_PID")
echo "RESULT subscribers gateway_heap_used_after_gc_mb=$((heap / 1024)) gateway_rss_mb=$((rss / 1024)) (gateway -Xmx1g)"
echo done >&"${SUBS[1]}"
wait "$SUBS_PID" 2>/dev/null || true
