#!/usr/bin/env bash
# The RPM example end to end against a running gateway, as a user would walk it: makes the upload
# (make-sources.sh), sends it to POST /api/v1/uploads, submits job.json naming it, follows the job
# until it ends (printing its log when it did not succeed), then downloads every artifact it kept
# into the output directory, checks each one's SHA-256 and shows the binary RPM with rpm -qip.
#
# Usage: SLIPWAY_TOKEN=slp_... [SLIPWAY_URL=http://127.0.0.1:8080] run.sh [UPLOAD_TAR [OUT_DIR]]
#   UPLOAD_TAR  where make-sources.sh writes the upload (default: target/rpm-upload.tar.gz at the root)
#   OUT_DIR     where the artifacts go, under their paths (default: ./rpm-out)
# SLIPWAY_WAIT_SECONDS (default 900) bounds the wait for the job. Needs curl, and jq or python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
url="${SLIPWAY_URL:-http://127.0.0.1:8080}"
url="${url%/}"
upload_tar="${1:-$here/../../target/rpm-upload.tar.gz}"
out_dir="${2:-./rpm-out}"
wait_seconds="${SLIPWAY_WAIT_SECONDS:-900}"

fail() {
  echo "run: $*" >&2
  exit 1
}
trap 'echo "run: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

[[ -n "${SLIPWAY_TOKEN:-}" ]] || fail "SLIPWAY_TOKEN is required (a bearer token of the gateway at $url)"
command -v curl >/dev/null || fail "curl is required"
if command -v jq >/dev/null; then
  json=jq
elif command -v python3 >/dev/null; then
  json=python3
else
  fail "jq or python3 is required to read the gateway's JSON"
fi
if command -v sha256sum >/dev/null; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null; then
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  fail "sha256sum or shasum is required to check the artifacts"
fi

# field NAME: the top-level field NAME of the JSON object on stdin, as text ("" when absent or null)
field() {
  if [[ "$json" == jq ]]; then
    jq -r --arg name "$1" '.[$name] // "" | tostring'
  else
    python3 -c 'import json, sys
value = json.load(sys.stdin).get(sys.argv[1])
print("" if value is None else value)' "$1"
  fi
}

# artifacts: "<sha256> <size> <path>" per file of the listing on stdin
artifacts() {
  if [[ "$json" == jq ]]; then
    jq -r '.[] | "\(.sha256) \(.size) \(.path)"'
  else
    python3 -c 'import json, sys
for f in json.load(sys.stdin):
    print(f["sha256"], f["size"], f["path"])'
  fi
}

# url_path PATH: PATH with each segment percent-encoded, its slashes kept
url_path() {
  if [[ "$json" == jq ]]; then
    jq -rn --arg p "$1" '$p | split("/") | map(@uri) | join("/")'
  else
    python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/"))' "$1"
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
body="$work/body"

# api METHOD PATH [curl arguments]: the answer's body in $body; fails on a transport error or a
# status outside 2xx, with the problem the gateway answered
api() {
  local method="$1" path="$2" status
  shift 2
  if ! status="$(curl -sS -o "$body" -w '%{http_code}' -X "$method" \
      -H "Authorization: Bearer $SLIPWAY_TOKEN" "$@" "$url$path")"; then
    fail "$method $url$path: the gateway could not be reached"
  fi
  if [[ "$status" != 2?? ]]; then
    echo "run: $method $path answered $status:" >&2
    head -c 4000 "$body" >&2 || true
    echo >&2
    exit 1
  fi
}

"$here/make-sources.sh" "$upload_tar"

api POST /api/v1/uploads -H 'Content-Type: application/gzip' --data-binary "@$upload_tar"
upload_id="$(field id <"$body")"
[[ -n "$upload_id" ]] || fail "POST /api/v1/uploads answered no id: $(cat "$body")"
echo "run: uploaded $upload_tar as $upload_id (sha256 $(field sha256 <"$body"), expires $(field expiresAt <"$body"))"

if [[ "$json" == jq ]]; then
  jq --arg id "$upload_id" '.source.upload = $id' "$here/job.json" >"$work/job.json"
else
  python3 -c 'import json, sys
job = json.load(open(sys.argv[1]))
job["source"]["upload"] = sys.argv[2]
json.dump(job, sys.stdout)' "$here/job.json" "$upload_id" >"$work/job.json"
fi
api POST /api/v1/jobs -H 'Content-Type: application/json' --data-binary "@$work/job.json"
job_id="$(field id <"$body")"
[[ -n "$job_id" ]] || fail "POST /api/v1/jobs answered no id: $(cat "$body")"
echo "run: submitted job $job_id"

deadline=$((SECONDS + wait_seconds))
last=""
while :; do
  api GET "/api/v1/jobs/$job_id"
  state="$(field state <"$body")"
  if [[ "$state" != "$last" ]]; then
    echo "run: job $job_id is $state"
    last="$state"
  fi
  case "$state" in
    SUCCEEDED) break ;;
    FAILED | CANCELLED | TIMED_OUT)
      error="$(field error <"$body")"
      exit_code="$(field exitCode <"$body")"
      echo "run: the job's log:" >&2
      api GET "/api/v1/jobs/$job_id/log"
      cat "$body" >&2
      fail "job $job_id ended $state${exit_code:+ (exit code $exit_code)}${error:+: $error}"
      ;;
    QUEUED | RUNNING | CANCELLING) ;;
    *) fail "job $job_id is in a state this script does not know: '$state'" ;;
  esac
  ((SECONDS < deadline)) || fail "job $job_id is still $state after ${wait_seconds}s (SLIPWAY_WAIT_SECONDS)"
  sleep 2
done

api GET "/api/v1/jobs/$job_id/artifacts"
artifacts <"$body" >"$work/artifacts"
[[ -s "$work/artifacts" ]] || fail "job $job_id succeeded but kept no artifact"
mkdir -p "$out_dir"
count=0
while read -r want size path; do
  case "/$path/" in
    */../* | */./* | //*) fail "the gateway listed an artifact path that is not safe to write: '$path'" ;;
  esac
  target="$out_dir/$path"
  mkdir -p "$(dirname "$target")"
  # straight into the file: api's $body is for JSON answers
  status="$(curl -sS -o "$target" -w '%{http_code}' -H "Authorization: Bearer $SLIPWAY_TOKEN" \
    "$url/api/v1/jobs/$job_id/artifacts/$(url_path "$path")")" || fail "downloading $path failed"
  [[ "$status" == 200 ]] || fail "GET artifacts/$path answered $status: $(head -c 2000 "$target")"
  got="$(sha256 "$target")"
  [[ "$got" == "$want" ]] || fail "$path: sha256 $got, but the listing says $want"
  echo "run: $target ($size bytes, sha256 ok)"
  count=$((count + 1))
done <"$work/artifacts"
echo "run: $count artifacts of job $job_id in $out_dir"

binary_rpm="$(find "$out_dir/RPMS" -name '*.rpm' ! -name '*.src.rpm' 2>/dev/null | sort | head -n 1)"
[[ -n "$binary_rpm" ]] || fail "no binary RPM among the artifacts (RPMS/*/*.rpm)"
if command -v rpm >/dev/null; then
  rpm -qip "$binary_rpm"
  rpm -qlp "$binary_rpm"
else
  echo "run: no rpm on this host; to look inside:" \
    "docker run --rm -v \"$(cd "$(dirname "$binary_rpm")" && pwd)\":/rpms:ro slipway/rpm-builder:bookworm" \
    "rpm -qilp /rpms/$(basename "$binary_rpm")"
fi
