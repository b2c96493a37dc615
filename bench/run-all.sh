#!/usr/bin/env bash
# Every benchmark of issue 7, one after the other, then one table of all their RESULT lines:
#   bench/job-bench.sh       1 end to end, 2 dispatch, 7 start-up and idle memory
#   bench/accept-bench.sh    3 job acceptance against RabbitMQ PerfTest
#   bench/parallel-bench.sh  4 parallel jobs on 1, 2 and 3 workers against parallel docker run
#   bench/log-bench.sh       5 log throughput and latency, 6 idle SSE subscribers
#   bench/env-bench.sh       8 environment create to RUNNING, 9 worker memory with idle environments
#   bench/terminal-bench.sh  10 web terminal keystroke to echo, 11 web terminal output throughput
# Each script still runs on its own; their full output is kept in target/bench-logs/run-all-*.log.
# Usage: bench/run-all.sh [--smoke]   (smoke: every script's tiny sizes, for CI; verdicts not judged)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOGS="$ROOT/target/bench-logs"; mkdir -p "$LOGS"
SMOKE=false; [[ "${1:-}" == "--smoke" ]] && SMOKE=true

status=0
results=()
for script in job-bench accept-bench parallel-bench log-bench env-bench terminal-bench; do
  started=$(date +%s)
  bench/$script.sh "$@" >"$LOGS/run-all-$script.log" 2>&1 || { status=1; echo "run-all: $script FAILED, see $LOGS/run-all-$script.log" >&2; }
  echo "run-all: $script took $(( $(date +%s) - started )) s" >&2
  mapfile -t -O "${#results[@]}" results < <(grep '^RESULT' "$LOGS/run-all-$script.log")
done

val() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<" $2"; }
# judge VALUE <=|>= TARGET: the verdict column (smoke sizes are too small to judge).
judge() {
  $SMOKE && { echo "smoke, not judged"; return; }
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<=") ? v + 0 <= t + 0 : v + 0 >= t + 0; print ok ? "met" : "**missed**" }'
}
row() { echo "| $1 | $2 | $3 | $4 | $5 | $6 |"; }

echo
echo "Slipway benchmarks, $(date -u +%F), $(nproc) cores$($SMOKE && echo ', smoke sizes')"
echo
row "scenario" "Slipway" "baseline, same run" "ratio" "target" "verdict"
row "---" "---" "---" "---" "---" "---"
for line in "${results[@]}"; do # rows in scenario order (a stable sort on the leading number)
  r="${line#RESULT }"
  case "${r%% *}" in
    e2e) row "1 container job end to end, p50 of $(val runs "$r")" "$(val slipway_p50_ms "$r") ms (p99 $(val slipway_p99_ms "$r"))" \
           "docker run: $(val raw_p50_ms "$r") ms (p99 $(val raw_p99_ms "$r"))" "$(val ratio_p50 "$r")x" "<= 1.05x" "$(judge "$(val ratio_p50 "$r")" "<=" 1.05)" ;;
    e2e_job_network) row "1 the same, baseline on the job network" "" "docker run --network $(val network "$r"): $(val raw_p50_ms "$r") ms (p99 $(val raw_p99_ms "$r"))" \
                       "$(val ratio_p50 "$r")x" "" "" ;;
    dispatch) row "2 dispatch, createdAt to startedAt" "p50 $(val submit_to_claimed_p50_ms "$r") ms, p99 $(val p99_ms "$r") ms" "" "" "" "" ;;
    accept) row "3 acceptance, $(val clients "$r") clients" "$(val slipway_per_s "$r") jobs/s (p99 $(val p99_ms "$r") ms)" \
              "PerfTest: $(val perftest_per_s "$r") msg/s" "$(val ratio "$r")x" ">= 0.6x" "$(judge "$(val ratio "$r")" ">=" 0.6)" ;;
    accept_auth_off) row "3 acceptance, $(val clients "$r") clients, authentication off" "$(val slipway_per_s "$r") jobs/s (p99 $(val p99_ms "$r") ms)" "" "" "" "" ;;
    parallel) row "4 parallel jobs, workers: $(val workers "$r"), slots: $(val slots "$r")" "$(val slipway_jobs_per_s "$r") jobs/s" \
                "docker run: $(val raw_jobs_per_s "$r") jobs/s; on the job network: $(val job_network_jobs_per_s "$r") jobs/s" \
                "$(val ratio "$r")x; $(val ratio_job_network "$r")x" ">= 0.9x" "$(judge "$(val ratio "$r")" ">=" 0.9)" ;;
    throughput) row "5 log lines to an SSE client, median of $(val runs "$r") runs" "$(val slipway_lps "$r") lines/s" \
                  "docker run \\| wc -l: $(val raw_lps "$r") lines/s" "$(val ratio "$r")x ($(val ratio_min "$r")-$(val ratio_max "$r"))" \
                  ">= 0.9x in every run" "$(judge "$(val ratio_min "$r")" ">=" 0.9)" ;;
    latency) row "5 log latency, print to client" "p50 $(val p50_ms "$r") ms, p99 $(val p99_ms "$r") ms" "" "" "p99 <= 100 ms" "$(judge "$(val p99_ms "$r")" "<=" 100)" ;;
    subscribers)
      if [[ -n "$(val open "$r")" ]]; then
        row "6 idle SSE subscribers on one gateway" "$(val open "$r") of $(val of "$r") open" "" "" ">= 50,000" "$(judge "$(val open "$r")" ">=" 50000)"
      else
        row "6 gateway heap after a full GC, with them" "$(val gateway_heap_used_after_gc_mb "$r") MB (RSS $(val gateway_rss_mb "$r") MB)" "" "" "<= 1024 MB" \
          "$(judge "$(val gateway_heap_used_after_gc_mb "$r")" "<=" 1024)"
      fi ;;
    startup) row "7 start-up, gateway and worker together" "$(val gateway_s "$r") s / $(val worker_s "$r") s" "" "" "" "" ;;
    startup_alone) row "7 start-up, each alone" "gateway $(val gateway_s "$r") s, worker $(val worker_s "$r") s" "" "" "<= 4 s each" \
                     "$(judge "$(awk -v g="$(val gateway_s "$r")" -v w="$(val worker_s "$r")" 'BEGIN { print (g > w) ? g : w }')" "<=" 4)" ;;
    idle) row "7 idle resident memory" "gateway $(val gateway_rss_mb "$r") MB, worker $(val worker_rss_mb "$r") MB" "" "" \
            "gateway <= 250 MB, worker <= 200 MB" "$(judge "$(( $(val gateway_rss_mb "$r") <= 250 && $(val worker_rss_mb "$r") <= 200 ))" ">=" 1)" ;;
    env_create) row "8 environment create to RUNNING, p50 of $(val runs "$r")" "$(val slipway_p50_ms "$r") ms (p99 $(val slipway_p99_ms "$r"))" \
                  "docker run -d: $(val raw_p50_ms "$r") ms; with Slipway's options: $(val hardened_p50_ms "$r") ms" \
                  "$(val ratio_p50 "$r")x; $(val ratio_hardened_p50 "$r")x" "" "" ;;
    env_memory) row "9 worker memory with $(val idle "$r") idle environments" "$(val worker_rss_n_mb "$r") MB (with none: $(val worker_rss_0_mb "$r") MB)" \
                  "" "" "" "" ;;
    terminal_rtt) row "10 terminal keystroke to echo, $(val keystrokes "$r") keys" "p50 $(val slipway_p50_ms "$r") ms, p99 $(val slipway_p99_ms "$r") ms" \
                    "docker exec -it: p50 $(val raw_p50_ms "$r") ms, p99 $(val raw_p99_ms "$r") ms" "+$(val added_p99_ms "$r") ms at p99" \
                    "<= +20 ms at p99" "$(judge "$(val added_p99_ms "$r")" "<=" 20)" ;;
    terminal_throughput) row "11 terminal output, $(val size "$r") of base64, median of $(val runs "$r")" \
                           "$(val slipway_mb_s "$r") MB/s$([[ "$(val lost_bytes "$r")" == [1-9]* ]] && echo ", $(val lost_bytes "$r") bytes lost")" \
                           "docker exec -t, piped: $(val raw_mb_s "$r") MB/s" "$(val ratio "$r")x" ">= 0.5x" "$(judge "$(val ratio "$r")" ">=" 0.5)" ;;
  esac
done | sort -s -t '|' -k2,2n
for line in "${results[@]}"; do
  [[ "$line" == "RESULT e2e_phases"* ]] && echo && echo "Scenario 1, where the time goes (p50 per phase, ms): ${line#RESULT e2e_phases_p50_ms }"
done
exit $status
