#!/usr/bin/env bash
# Builds the RPM builder image slipway/rpm-builder:bookworm (Debian 12 with rpm 4.18, gcc and make)
# for the RPM example: no registry is reachable where Slipway's tests run, only a Debian mirror, so
# the image is debootstrapped from that mirror and imported, not pulled. Skips when the image
# exists, unless --force. The mirror is $MIRROR, else the host's apt sources' bookworm one, else
# deb.debian.org. Needs root for debootstrap (sudo when not root) and a working docker.
set -euo pipefail

IMAGE=slipway/rpm-builder:bookworm
SUITE=bookworm
# file: rpm's brp-strip scripts pick the ELF files to strip with it (without, nothing is stripped)
PACKAGES=rpm,gcc,make,libc6-dev,gzip,tar,cpio,file

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    *) echo "make-builder-image: unknown argument '$arg' (usage: make-builder-image.sh [--force])" >&2; exit 2 ;;
  esac
done

if [[ "$force" != true ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "make-builder-image: $IMAGE already present (--force rebuilds it)"
  exit 0
fi

previous="$(docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "make-builder-image: debootstrap needs root, and sudo is missing" >&2; exit 1; }
  sudo=(sudo)
fi

# The first bookworm mirror of the host's apt sources: one-line .list files and deb822 .sources.
host_mirror() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r "$file" ]] || continue
    awk -v suite="$SUITE" '$1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }' "$file"
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -r "$file" ]] || continue
    awk -v suite="$SUITE" '
      function flush() { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uris != "") { split(uris, u, " "); print u[1]; found = 1 } types = suites = uris = "" }
      /^[ \t]*$/ { flush(); if (found) exit; next }
      /^#/ { next }
      tolower($1) == "types:" { $1 = ""; types = $0 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      tolower($1) == "uris:" { $1 = ""; uris = $0 }
      END { if (!found) flush() }' "$file"
  done
}
mirror="${MIRROR:-$(host_mirror | head -n 1)}"
mirror="${mirror:-http://deb.debian.org/debian}"

if ! command -v debootstrap >/dev/null && [[ ! -x /usr/sbin/debootstrap ]]; then
  echo "make-builder-image: installing debootstrap"
  apt_log="$(mktemp)"
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends debootstrap >"$apt_log" 2>&1 \
      && ! { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y --no-install-recommends debootstrap; } >>"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    echo "make-builder-image: could not install debootstrap with apt-get" >&2
    exit 1
  fi
  rm -f "$apt_log"
fi
debootstrap="$(command -v debootstrap || echo /usr/sbin/debootstrap)"

root="$(mktemp -d)"
trap '"${sudo[@]}" rm -rf "$root"' EXIT
echo "make-builder-image: debootstrapping $SUITE from $mirror into $root (a few minutes)"
started=$SECONDS
if ! "${sudo[@]}" "$debootstrap" --variant=minbase --include="$PACKAGES" "$SUITE" "$root/rootfs" "$mirror" \
    >"$root/debootstrap.log" 2>&1; then
  tail -n 30 "$root/debootstrap.log" >&2
  [[ -r "$root/rootfs/debootstrap/debootstrap.log" ]] && "${sudo[@]}" tail -n 30 "$root/rootfs/debootstrap/debootstrap.log" >&2
  echo "make-builder-image: debootstrap failed (mirror $mirror)" >&2
  exit 1
fi

# Small: no package lists, caches, logs, docs (the copyright files stay), man pages or locales,
# and a dpkg rule that keeps them out of whatever a later layer installs.
# shellcheck disable=SC2016 # expanded by the inner sh
"${sudo[@]}" sh -e -c '
  cd "$1"
  rm -rf debootstrap var/lib/apt/lists/* var/cache/apt/* var/cache/debconf/*-old var/log/* \
    usr/share/man/* usr/share/info/* usr/share/locale/* usr/share/lintian usr/share/linda
  find usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
  find usr/share/doc -mindepth 1 -type d -empty -delete
  printf "%s\n" "path-exclude /usr/share/doc/*" "path-include /usr/share/doc/*/copyright" \
    "path-exclude /usr/share/man/*" "path-exclude /usr/share/info/*" "path-exclude /usr/share/locale/*" \
    >etc/dpkg/dpkg.cfg.d/slipway-excludes
  printf "Acquire::Languages \"none\";\n" >etc/apt/apt.conf.d/slipway-no-languages
  # Debian ships brp-compress as #!/bin/sh, yet it needs the read -d of bash: under dash it compresses no man page
  mkdir -p etc/rpm
  printf "%s\n" "# slipway: run brp-compress with bash, which it is written for (/bin/sh is dash here)" \
    "%__brp_compress /bin/bash %{_rpmconfigdir}/brp-compress %{?_prefix}" \
    "# slipway: one (empty) database for every uid; Debian sets ~/.rpmdb, which most job uids have no home for" \
    "%_dbpath /var/lib/rpm" \
    "# slipway: the hostname of a job container is a random id that does not resolve without a network" \
    "%_buildhost slipway-rpm-builder" >etc/rpm/macros.slipway
  chroot . rpmdb --initdb
  chmod -R a+rX var/lib/rpm
  # where jobs work: writable by whichever uid a job runs as, like /tmp
  mkdir -p workspace && chmod 1777 workspace
  : >etc/machine-id
' sh "$root/rootfs"

"${sudo[@]}" tar -C "$root/rootfs" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'WORKDIR /workspace' \
  --change 'CMD ["/bin/bash"]' \
  - "$IMAGE" >/dev/null

out="$(docker run --rm --label slipway.test=true "$IMAGE" rpmbuild --version)"
if [[ "$out" != "RPM version 4."* ]]; then
  echo "make-builder-image: the image does not run rpmbuild as expected: $out" >&2
  exit 1
fi
# the image --force replaced, unless a container or another tag still uses it
current="$(docker image inspect --format '{{.Id}}' "$IMAGE")"
if [[ -n "$previous" && "$previous" != "$current" ]]; then
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
size="$(docker image inspect --format '{{.Size}}' "$IMAGE")"
echo "make-builder-image: built $IMAGE ($out, $((size / 1024 / 1024)) MiB) from $mirror in $((SECONDS - started)) s"
