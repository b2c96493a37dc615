# Sourced by the scripts: points JAVA_HOME at a JDK 25 or newer (JAVA_HOME, else the java on PATH,
# else one under /usr/lib/jvm), or fails saying how to get one.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  JAVA_HOME=""
  candidates=()
  if command -v java >/dev/null; then
    candidates+=("$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')")
  fi
  candidates+=(/usr/lib/jvm/*)
  for candidate in "${candidates[@]}"; do
    if [[ -x "$candidate/bin/javac" && "$(java_major "$candidate")" -ge 25 ]]; then JAVA_HOME="$candidate"; break; fi
  done
  if [[ -z "$JAVA_HOME" ]]; then
    echo "slipway: no JDK 25 or newer found; install one (e.g. Temurin 25) and set JAVA_HOME" >&2
    exit 1
  fi
fi
export JAVA_HOME
