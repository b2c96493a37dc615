#!/usr/bin/env bash
# The engine's own copy of a container's output, on or off (issue 16, finding 11): a job's output is
# read through the attach stream, so Slipway runs job containers with the "none" log driver. This
# measures what the default json-file driver costs on top, against the same container with "none".
#   bench/log-driver-bench.sh [MEGABYTES] [RUNS]     (defaults 200 and 3)
# Each run: docker run (attached, output to /dev/null) of busybox printing MEGABYTES of lines.
# Containers carry the label slipway.bench=log-driver and are removed (--rm).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MB="${1:-200}"; RUNS="${2:-3}"
IMAGE="${SLIPWAY_BENCH_IMAGE:-busybox:latest}"
docker image inspect "$IMAGE" >/dev/null 2>&1 || "$ROOT/deploy/dev/make-test-image.sh" >/dev/null
run() { # driver: prints the wall-clock milliseconds of one run
  local start end
  start=$(date +%s%N)
  docker run --rm --label slipway.bench=log-driver --log-driver "$1" "$IMAGE" \
    sh -c "yes 'a line of output from a build, about sixty bytes long........' | head -c $((MB * 1000000))" >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
for driver in none json-file; do
  run "$driver" >/dev/null # warm-up
  times=()
  for _ in $(seq "$RUNS"); do times+=("$(run "$driver")"); done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  echo "RESULT log-driver=$driver mb=$MB runs=$RUNS median_ms=$median all_ms=[${sorted% }] mb_per_s=$(( MB * 1000 / median ))"
done
