#!/usr/bin/env bash
# Builds a stand-in for eclipse-temurin:25-jre from this host's Temurin 25, for machines that
# reach no image registry (CI here): the JDK, the shared libraries it and bash need, bash and grep
# (the images' health checks), and /tmp. Skips when the image exists, unless --force.
# Usage: deploy/docker/offline-jre-image.sh [--force]   -> image slipway-offline/temurin:25
set -euo pipefail
IMAGE=slipway-offline/temurin:25
if [[ "${1:-}" != "--force" ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "offline-jre-image: $IMAGE already present"
  exit 0
fi
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source deploy/dev/java-home.sh

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{opt/java,tmp,etc,bin,usr/bin,proc,sys,dev}
cp -a "$JAVA_HOME"/. "$root/opt/java/"
rm -rf "$root/opt/java/jmods" "$root/opt/java/src.zip" "$root/opt/java/man"
cp /bin/bash /bin/grep /bin/sh "$root/bin/"
# Every shared library the JDK's binaries and libraries and the shell tools load, with its path.
{ find "$root/opt/java" -name '*.so' -o -path '*/bin/*' -type f; echo /bin/bash; echo /bin/grep; echo /bin/sh; } \
  | xargs -r ldd 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u | while read -r lib; do
      [[ "$lib" == "$root"* ]] && continue
      mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
    done
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
tar -C "$root" --numeric-owner -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin' \
  - "$IMAGE" >/dev/null
# Read it all, then print the first line: `| head -1` would close the pipe while docker still
# writes, and the SIGPIPE fails this script under pipefail.
version="$(docker run --rm --label slipway.test=true "$IMAGE" java -version 2>&1)"
echo "${version%%$'\n'*}"
echo "offline-jre-image: built $IMAGE"
