#!/usr/bin/env bash
# Makes the RPM example's upload: hello-slipway-<version>.tar.gz from hello-slipway/ (the spec's
# Source0, everything under hello-slipway-<version>/), then a gzipped tar holding
# SPECS/hello-slipway.spec and SOURCES/hello-slipway-<version>.tar.gz at its top, which the job
# finds unpacked in its working directory. Both are byte-for-byte reproducible: sorted names,
# mtime 0, owner 0:0, normalised modes, gzip without name or time. Usage: make-sources.sh [OUT]
# (default: target/rpm-upload.tar.gz at the repository's root, a directory git ignores).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(realpath -m "${1:-$here/../../target/rpm-upload.tar.gz}")"
spec="$here/hello-slipway.spec"

version="$(awk '$1 == "Version:" { print $2; exit }' "$spec")"
if [[ -z "$version" ]]; then
  echo "make-sources: no Version: in $spec" >&2
  exit 1
fi
name="hello-slipway-$version"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# only the files the package is made of: no build output of a `make` run in the example directory
files=(LICENSE Makefile hello-slipway.1 hello-slipway.c)
mkdir -p "$stage/$name" "$stage/upload/SPECS" "$stage/upload/SOURCES"
for file in "${files[@]}"; do
  cp "$here/hello-slipway/$file" "$stage/$name/$file"
done
cp "$spec" "$stage/upload/SPECS/hello-slipway.spec"

reproducible=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner '--mode=u+rwX,go+rX,go-w' --format=gnu)
tar -C "$stage" "${reproducible[@]}" -c "$name" | gzip -n -9 >"$stage/upload/SOURCES/$name.tar.gz"
mkdir -p "$(dirname "$out")"
tar -C "$stage/upload" "${reproducible[@]}" -c SPECS SOURCES | gzip -n -9 >"$out.tmp"
mv "$out.tmp" "$out"

echo "make-sources: $out ($(wc -c <"$out") bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1))"
