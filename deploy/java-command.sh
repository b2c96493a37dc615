# Sourced by the start scripts and bench/lib.sh:
#   slipway_java_command APP DIR    (APP: api-gateway or build-worker)
# sets the array SLIPWAY_JAVA_COMMAND to the java command that runs APP from DIR, the extracted
# form the build makes (DIR/APP.jar, DIR/lib/, DIR/APP.aot; target/aot of the module): the JVM
# options of deploy/jvm.env, and the AOT cache when it is there and no jar is newer than it. DIR may
# also be an executable jar (APP.jar), which then runs without a cache.
# Otherwise it warns and goes without the cache: the same application, only a slower start. The JVM
# itself checks that the cache was made by the same JVM with the same class path, and when not, logs
# "[error][aot] ... AOT cache" and starts without it too. Expects JAVA_HOME (deploy/dev/java-home.sh).
source "$(dirname "${BASH_SOURCE[0]}")/jvm.env"
export MALLOC_ARENA_MAX

slipway_java_command() {
  local app="$1" dir="$2" heap
  case "$app" in
    api-gateway) heap="$SLIPWAY_GATEWAY_HEAP" ;;
    build-worker) heap="$SLIPWAY_WORKER_HEAP" ;;
    *) echo "slipway: unknown application $app" >&2; return 2 ;;
  esac
  # shellcheck disable=SC2206 # the options are words
  SLIPWAY_JAVA_COMMAND=("$JAVA_HOME/bin/java" $SLIPWAY_JVM_OPTS $heap)
  [[ -d "$dir" ]] && dir="$(cd "$dir" && pwd)" # the cache holds the class path as an absolute one
  local cache="$dir/$app.aot"
  if [[ -f "$dir" ]]; then # an executable jar instead: no cache can serve its nested class path
    echo "slipway: warning: $dir is an executable jar, not the build's extracted form; $app starts without an AOT cache, slower" >&2
    SLIPWAY_JAVA_COMMAND+=(-jar "$dir")
    return
  elif [[ ! -f "$cache" ]]; then
    echo "slipway: warning: no AOT cache $cache (made by the build: ./mvnw package); $app starts without it, slower" >&2
  elif [[ -n "$(find "$dir" -name '*.jar' -newer "$cache" -print -quit)" ]]; then
    # The JVM checks the jars' sizes only: a rebuilt jar of the same size would get stale classes.
    echo "slipway: warning: a jar in $dir is newer than its AOT cache; $app starts without it (rebuild: ./mvnw package)" >&2
  else
    SLIPWAY_JAVA_COMMAND+=(-XX:AOTCache="$cache")
  fi
  SLIPWAY_JAVA_COMMAND+=(-jar "$dir/$app.jar")
}
