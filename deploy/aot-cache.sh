#!/usr/bin/env bash
# Makes the JDK's ahead-of-time cache (JEP 483/514) of the gateway or the worker, which lets the JVM
# start with the application's classes already loaded and linked. Called by the build (package phase
# of api-gateway and build-worker) after the executable jar is made:
#   deploy/aot-cache.sh APP JAR DIR     e.g. api-gateway target/api-gateway.jar target/aot
# 1. extracts JAR into DIR (DIR/APP.jar with its libraries in DIR/lib): the cache needs a plain
#    class path, which the nested jars of an executable jar are not;
# 2. trains: starts the application with the options of deploy/jvm.env until its context is
#    refreshed (-Dspring.context.exit=onRefresh: beans made, nothing started, no broker or Redis
#    needed) and writes DIR/APP.aot;
# 3. checks: starts it again the same way with -XX:AOTMode=on, which fails when the JVM cannot use
#    the cache, and reports how many classes came from it.
# Fails (and so fails the build) when any step does. The cache belongs to this JVM ($JAVA_HOME) and
# to these jars: run it with the same java and DIR as it is (copy DIR with cp -a), or the JVM warns
# and starts without it (deploy/java-command.sh).
# The images make theirs in their Dockerfile, with the image's JVM.
set -euo pipefail
APP="$1" JAR="$2" DIR="$3"
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$DEPLOY/dev/java-home.sh"
source "$DEPLOY/jvm.env"
JAVA="$JAVA_HOME/bin/java"

case "$APP" in
  api-gateway) heap="$SLIPWAY_GATEWAY_HEAP"
    # The gateway refuses to start without an admin token; this one only ever reaches a refresh.
    args=(--slipway.gateway.auth.admin-token=aot-training-only-0123456789abcdef0123456789) ;;
  build-worker) heap="$SLIPWAY_WORKER_HEAP"; args=() ;;
  *) echo "aot-cache: unknown application $APP (api-gateway or build-worker)" >&2; exit 2 ;;
esac
args+=(--server.port=0)

rm -rf "$DIR"
mkdir -p "$DIR"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
cd "$DIR"
# shellcheck disable=SC2086 # the options are words
if ! "$JAVA" $SLIPWAY_JVM_OPTS $heap -XX:AOTCacheOutput="$APP.aot" -Dspring.context.exit=onRefresh \
    -jar "$PWD/$APP.jar" "${args[@]}" >training.log 2>&1 || [[ ! -s "$APP.aot" ]]; then
  echo "aot-cache: the training run of $APP made no cache; $DIR/training.log:" >&2
  tail -40 training.log >&2
  exit 1
fi
# From another directory, as the start scripts run it. The class path is recorded as given: an
# absolute one lets DIR move elsewhere whole (the JVM matches it by its longest common prefix),
# while a relative one would hold only from DIR itself.
here="$PWD"
# shellcheck disable=SC2086
if ! (cd / && "$JAVA" $SLIPWAY_JVM_OPTS $heap -XX:AOTCache="$here/$APP.aot" -XX:AOTMode=on -Xlog:class+load:file="$here/check.log" \
    -Dspring.context.exit=onRefresh -jar "$here/$APP.jar" "${args[@]}" >"$here/check-run.log" 2>&1); then
  echo "aot-cache: the JVM does not use $DIR/$APP.aot; $DIR/check-run.log:" >&2
  tail -40 check-run.log >&2
  exit 1
fi
total=$(grep -c ' source: ' check.log || true)
cached=$(grep -c ' source: shared objects file' check.log || true)
rm -f check.log training.log check-run.log
echo "aot-cache: $DIR/$APP.aot, $(( $(stat -c %s "$APP.aot") / 1048576 )) MB, for $JAVA_HOME;" \
  "$cached of $total classes loaded at start come from it"
