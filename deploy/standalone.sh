#!/usr/bin/env bash
# The README's first command: the whole Slipway system (gateway and one worker) in one process, on a
# machine with nothing but a JDK 25+ (and Docker, for the jobs themselves). Builds it when the jar is
# missing or older than the sources, then runs it in the foreground; Ctrl-C stops everything it
# started. It uses RabbitMQ and Redis when both already listen on their default ports, and otherwise
# an in-process job broker and a private redis-server (--services=embedded|local to choose).
# Other arguments: --port=8080, --worker-port=8081, and any Spring property (--slipway.worker.slots=4).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/dev/java-home.sh
source deploy/jvm.env # its GC options; no AOT cache yet (one JVM, two contexts: docs/benchmarks.md, start-up and idle memory)
export MALLOC_ARENA_MAX

JAR=standalone/target/slipway-standalone.jar
stale() {
  [[ ! -f $JAR ]] && return 0
  [[ -n "$(find pom.xml common-model messaging-rabbit store-redis api-gateway build-worker standalone -newer "$JAR" \
            \( -name pom.xml -o -path '*/src/main/*' \) -print -quit)" ]]
}
if stale; then
  echo "slipway: building (the first build takes a few minutes)..."
  frontend=()
  if ! command -v npm >/dev/null 2>&1; then
    # the web terminal's page takes xterm.js from npm; without npm the rest still builds
    echo "slipway: npm not found: building without the web terminal page (install npm to have it)" >&2
    frontend=(-Dslipway.frontend.skip=true)
  fi
  ./mvnw -B -q -ntp -DskipTests "${frontend[@]}" -pl standalone -am package
fi

if [[ -z "${DOCKER_HOST:-}" && ! -S /var/run/docker.sock ]]; then
  echo "slipway: warning: no Docker engine found (DOCKER_HOST unset, no /var/run/docker.sock); jobs will wait for one" >&2
fi

# A shell script's background job starts with SIGINT ignored, and the JVM then leaves it ignored
# (it installs no handler for an ignored SIGINT): give it the default back, where env can.
if env --default-signal=INT true 2>/dev/null; then
  # shellcheck disable=SC2086 # the options are words
  exec env --default-signal=INT "$JAVA_HOME/bin/java" $SLIPWAY_JVM_OPTS -jar "$JAR" "$@"
fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $SLIPWAY_JVM_OPTS -jar "$JAR" "$@"
