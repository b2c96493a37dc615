#!/usr/bin/env bash
# Puts the web terminal's browser libraries (xterm.js and its fit addon, as package-lock.json pins
# them) into the gateway's static resources, under /vendor/xterm/. Maven runs it in
# generate-resources with the build directory as its argument; -Dslipway.frontend.skip=true skips it.
#
# It uses the machine's npm and never downloads Node. npm ci runs only when target/frontend has no
# node_modules or the lock file changed since the last install, so a rebuild needs no registry.
#
# Newer versions: in this folder, npm install --save-exact @xterm/xterm@X @xterm/addon-fit@Y, then
# delete the node_modules that leaves here (the build's own is under target/).
set -euo pipefail

TARGET="${1:?usage: build.sh BUILD_DIRECTORY}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$TARGET/frontend"
OUT="$TARGET/classes/static/vendor/xterm"

fail() { echo "frontend: $*" >&2; exit 1; }

command -v npm >/dev/null 2>&1 \
  || fail "npm not found: install Node.js and npm (Debian: apt-get install npm), or build with -Dslipway.frontend.skip=true"

mkdir -p "$WORK"
cp "$HERE/package.json" "$HERE/package-lock.json" "$WORK/"
LOCK_SUM="$(sha256sum "$WORK/package-lock.json" | cut -d' ' -f1)"
if [[ ! -d "$WORK/node_modules" || "$(cat "$WORK/.lock.sha256" 2>/dev/null || true)" != "$LOCK_SUM" ]]; then
  echo "frontend: npm ci in $WORK"
  rm -f "$WORK/.lock.sha256"
  (cd "$WORK" && npm ci --no-audit --no-fund --prefer-offline) || fail "npm ci failed"
  echo "$LOCK_SUM" >"$WORK/.lock.sha256"
fi

XTERM="$WORK/node_modules/@xterm/xterm"
FIT="$WORK/node_modules/@xterm/addon-fit"
for file in "$XTERM/lib/xterm.js" "$XTERM/css/xterm.css" "$XTERM/LICENSE" "$FIT/lib/addon-fit.js" "$FIT/LICENSE"; do
  [[ -f "$file" ]] || fail "$file is missing: delete $WORK and build again"
done

rm -rf "$OUT"
mkdir -p "$OUT"
cp "$XTERM/lib/xterm.js" "$XTERM/css/xterm.css" "$FIT/lib/addon-fit.js" "$OUT/"
cp "$XTERM/LICENSE" "$OUT/LICENSE-xterm.txt"
cp "$FIT/LICENSE" "$OUT/LICENSE-addon-fit.txt"
