# Sourced by the dev scripts: points JAVA_HOME at a JDK 25 or newer, or fails saying how to get one.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*; do
    if [[ -x "$candidate/bin/javac" && "$(java_major "$candidate")" -ge 25 ]]; then JAVA_HOME="$candidate"; break; fi
  done
  if [[ -z "$JAVA_HOME" ]]; then
    echo "slipway: no JDK 25 or newer found; install one (e.g. Temurin 25) and set JAVA_HOME" >&2
    exit 1
  fi
fi
export JAVA_HOME
