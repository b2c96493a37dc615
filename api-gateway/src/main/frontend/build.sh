#!/usr/bin/env bash
# Puts the browser libraries of the web terminal (xterm.js and its fit addon) and of the console
# (anser, which parses ANSI colours), as package-lock.json pins them, into the gateway's static
# resources, under /vendor/xterm/ and /vendor/anser/. Maven runs it in
# generate-resources with the build directory as its argument; -Dslipway.frontend.skip=true skips it.
#
# It uses the machine's npm and never downloads Node. npm ci runs only when target/frontend has no
# node_modules or the lock file changed since the last install, so a rebuild needs no registry.
#
# Newer versions: in this folder, npm install --save-exact @xterm/xterm@X @xterm/addon-fit@Y anser@Z, then
# delete the node_modules that leaves here (the build's own is under target/).
set -euo pipefail

TARGET="${1:?usage: build.sh BUILD_DIRECTORY}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$TARGET/frontend"
OUT="$TARGET/classes/static/vendor/xterm"
ANSER_OUT="$TARGET/classes/static/vendor/anser"

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
ANSER="$WORK/node_modules/anser"
for file in "$XTERM/lib/xterm.js" "$XTERM/css/xterm.css" "$XTERM/LICENSE" "$FIT/lib/addon-fit.js" "$FIT/LICENSE" \
  "$ANSER/lib/index.js" "$ANSER/LICENSE"; do
  [[ -f "$file" ]] || fail "$file is missing: delete $WORK and build again"
done

rm -rf "$OUT"
mkdir -p "$OUT"
cp "$XTERM/lib/xterm.js" "$XTERM/css/xterm.css" "$FIT/lib/addon-fit.js" "$OUT/"
cp "$XTERM/LICENSE" "$OUT/LICENSE-xterm.txt"
cp "$FIT/LICENSE" "$OUT/LICENSE-addon-fit.txt"

# anser ships CommonJS only: its one module.exports line becomes an ES export, so the console
# imports it without a bundler.
rm -rf "$ANSER_OUT"
mkdir -p "$ANSER_OUT"
grep -qx 'module.exports = Anser;' "$ANSER/lib/index.js" \
  || fail "anser's lib/index.js no longer ends in 'module.exports = Anser;': check how to import it"
sed 's/^module\.exports = Anser;$/export default Anser;/' "$ANSER/lib/index.js" >"$ANSER_OUT/anser.js"
cp "$ANSER/LICENSE" "$ANSER_OUT/LICENSE-anser.txt"
