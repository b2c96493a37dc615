#!/usr/bin/env bash
# Builds the offline test image busybox:latest (also tagged slipway/busybox:test) from the host's
# static busybox: no registry is reachable in CI. Skips when the image exists, unless --force.
set -euo pipefail

IMAGE=busybox:latest
if [[ "${1:-}" != "--force" ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "make-test-image: $IMAGE already present"
  exit 0
fi

BUSYBOX=/bin/busybox
file_type="$(head -c 4 "$BUSYBOX" | od -An -c | tr -d ' ')"
if [[ "$file_type" != "177ELF" ]] || ldd "$BUSYBOX" >/dev/null 2>&1; then
  echo "make-test-image: $BUSYBOX must be a static binary (Debian package busybox-static)" >&2
  exit 1
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,tmp,etc,root,work,proc,sys,dev}
cp "$BUSYBOX" "$root/bin/busybox"
# busybox --list names busybox itself; a link named busybox would replace the binary by a loop.
for applet in $("$BUSYBOX" --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
done
ln -s /bin/env "$root/usr/bin/env"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

tar -C "$root" --numeric-owner -c . | docker import \
  --change 'CMD ["sh"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$IMAGE" >/dev/null
docker tag "$IMAGE" slipway/busybox:test

out="$(docker run --rm --label slipway.test=true "$IMAGE" sh -c 'echo ok; seq 1 3 | wc -l')"
if [[ "$out" != $'ok\n3' ]]; then
  echo "make-test-image: the image does not run as expected: $out" >&2
  exit 1
fi
echo "make-test-image: built $IMAGE from $BUSYBOX"
