#!/usr/bin/env bash
# Starts the whole Slipway system on this machine: Docker, RabbitMQ and Redis (provisioned when
# missing), then the gateway on :8080 and one worker serving the "default" pool. Ctrl-C stops the
# gateway and the worker it started (the services stay up for the next run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
source deploy/java-command.sh

deploy/dev/provision.sh

# The build extracts each application into its target/aot with an AOT cache (deploy/aot-cache.sh);
# a build with -Dslipway.aot.skip=true leaves an older one there.
stale() { [[ ! -f $1/target/aot/$1.jar || $1/target/$1.jar -nt $1/target/aot/$1.jar ]]; }
if stale api-gateway || stale build-worker; then
  echo "slipway: building the jars (first run)..."
  ./mvnw -B -q -ntp -DskipTests package
fi

LOGS="$ROOT/target/dev-logs"
mkdir -p "$LOGS"
# The admin's token: SLIPWAY_ADMIN_TOKEN when set, else one kept (mode 0600) for the next runs.
TOKEN_FILE="$ROOT/target/dev-admin-token"
if [[ -z "${SLIPWAY_ADMIN_TOKEN:-}" ]]; then
  if [[ ! -s "$TOKEN_FILE" ]]; then
    (umask 077; echo "slp_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >"$TOKEN_FILE")
  fi
  SLIPWAY_ADMIN_TOKEN="$(cat "$TOKEN_FILE")"
  SIGN_IN="the token in $TOKEN_FILE"
  AUTH_HEADER="Authorization: Bearer \$(cat $TOKEN_FILE)"
else
  SIGN_IN="the token in SLIPWAY_ADMIN_TOKEN"
  AUTH_HEADER="Authorization: Bearer \$SLIPWAY_ADMIN_TOKEN"
fi
export SLIPWAY_ADMIN_TOKEN
PIDS=()
stop_all() {
  echo
  echo "slipway: stopping gateway and worker (pids ${PIDS[*]:-none})"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

slipway_java_command build-worker build-worker/target/aot
"${SLIPWAY_JAVA_COMMAND[@]}" "$@" >"$LOGS/build-worker.log" 2>&1 &
PIDS+=($!)
slipway_java_command api-gateway api-gateway/target/aot
"${SLIPWAY_JAVA_COMMAND[@]}" "$@" >"$LOGS/api-gateway.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 120); do
  if curl -fs http://127.0.0.1:8080/actuator/health >/dev/null 2>&1 \
     && curl -fs http://127.0.0.1:8081/actuator/health >/dev/null 2>&1; then
    echo "slipway: up at http://localhost:8080 (gateway pid ${PIDS[1]}, worker pid ${PIDS[0]}; logs in $LOGS)"
    echo "slipway: sign in as admin with $SIGN_IN"
    echo "slipway: try  curl -X POST localhost:8080/api/v1/jobs -H \"$AUTH_HEADER\" -H 'Content-Type: application/json' -d '{\"image\":\"busybox:latest\",\"script\":[\"echo hello\"]}'"
    echo "slipway: the console is at http://localhost:8080/ (paste the token to sign in); the API's description at http://localhost:8080/swagger-ui.html"
    echo "slipway: Ctrl-C to stop"
    wait -n "${PIDS[@]}"
    echo "slipway: a process exited; see $LOGS" >&2
    exit 1
  fi
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "slipway: pid $pid died on start; see $LOGS" >&2; tail -20 "$LOGS"/*.log >&2; exit 1; }
  done
  sleep 0.5
done
echo "slipway: gateway or worker not healthy after 60 s; see $LOGS" >&2
exit 1
