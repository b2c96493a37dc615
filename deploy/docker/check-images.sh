#!/usr/bin/env bash
# Checks, without any registry, what docker-compose.yml and the Dockerfiles promise:
#   1. docker-compose.yml is valid (docker-compose config);
#   2. both images build (on a stand-in Java base made from this host's JDK);
#   3. the images run: a gateway and a worker container against the local RabbitMQ and Redis
#      (host network) become healthy without an AOT cache complaint, and a job submitted to the
#      gateway succeeds with its log.
# Containers carry the label slipway.test and are removed on exit. Needs the jars (./mvnw package).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUN="check-$$"
GATEWAY_PORT=18280
WORKER_PORT=18281

command -v docker-compose >/dev/null || { echo "check-images: docker-compose is missing (Debian: apt-get install docker-compose)" >&2; exit 1; }
# The compose file refuses to run without an admin token; any will do to check it.
export SLIPWAY_ADMIN_TOKEN="${SLIPWAY_ADMIN_TOKEN:-check-only-0123456789abcdef0123456789}"
export RABBITMQ_PASSWORD="${RABBITMQ_PASSWORD:-check-only}" REDIS_PASSWORD="${REDIS_PASSWORD:-check-only}"
# ...and refuses to run without the passwords of RabbitMQ and Redis.
if env -u RABBITMQ_PASSWORD docker-compose -f docker-compose.yml config -q 2>/dev/null \
    || env -u REDIS_PASSWORD docker-compose -f docker-compose.yml config -q 2>/dev/null; then
  echo "check-images: docker-compose.yml accepts RabbitMQ or Redis without a password" >&2; exit 1
fi
docker-compose -f docker-compose.yml config -q
# The monitoring profile (Prometheus, Grafana) is validated only: its images come from a registry,
# which CI need not reach, and nothing here starts compose services.
docker-compose -f docker-compose.yml --profile monitoring config -q
echo "check-images: docker-compose.yml is valid ($(docker-compose -f docker-compose.yml config --services | paste -sd' '))"

deploy/docker/offline-jre-image.sh
for image in api-gateway build-worker; do
  if ! docker build -q -f "deploy/docker/$image.Dockerfile" --build-arg BASE=slipway-offline/temurin:25 \
      --label slipway.test=true -t "slipway/$image:check" . >/dev/null 2>"/tmp/check-images-$RUN.err"; then
    cat "/tmp/check-images-$RUN.err" >&2; exit 1
  fi
  echo "check-images: built slipway/$image:check"
done

cleanup() { docker rm -f "gateway-$RUN" "worker-$RUN" >/dev/null 2>&1 || true; rm -f "/tmp/check-images-$RUN.err"; }
trap cleanup EXIT
COMMON=(--label slipway.test=true --network host -e SPRING_DATA_REDIS_DATABASE=6)
TOKEN="check-images-admin-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
AUTH=(-H "Authorization: Bearer $TOKEN")
docker run -d --name "gateway-$RUN" "${COMMON[@]}" -e SERVER_PORT=$GATEWAY_PORT -e SLIPWAY_ADMIN_TOKEN="$TOKEN" \
  slipway/api-gateway:check >/dev/null
docker run -d --name "worker-$RUN" "${COMMON[@]}" -e SERVER_PORT=$WORKER_PORT -e SLIPWAY_WORKER_ID="$RUN" \
  -e SLIPWAY_WORKER_POOLS="$RUN" -v /var/run/docker.sock:/var/run/docker.sock slipway/build-worker:check >/dev/null

for container in "gateway-$RUN" "worker-$RUN"; do
  for _ in $(seq 1 60); do
    status="$(docker inspect "$container" --format '{{.State.Health.Status}}')"
    [[ "$status" == healthy ]] && break
    sleep 2
  done
  if [[ "$status" != healthy ]]; then
    echo "check-images: $container is $status" >&2; docker logs "$container" 2>&1 | tail -20 >&2; exit 1
  fi
done
echo "check-images: both containers are healthy"
# Each image carries an AOT cache made by its own JVM: a JVM that cannot use it says so and starts slower.
for container in "gateway-$RUN" "worker-$RUN"; do
  if docker logs "$container" 2>&1 | grep -i 'aot' | grep -qiE '\[(error|warning) *\]'; then
    echo "check-images: $container does not use its AOT cache:" >&2; docker logs "$container" 2>&1 | grep -i aot | head -5 >&2; exit 1
  fi
done
echo "check-images: both use their AOT cache"

code="$(curl -s -o /dev/null -w '%{http_code}' "localhost:$GATEWAY_PORT/api/v1/jobs")"
[[ "$code" == 401 ]] || { echo "check-images: a request without a token got $code, not 401" >&2; exit 1; }
id="$(curl -fsS "${AUTH[@]}" -X POST "localhost:$GATEWAY_PORT/api/v1/jobs" -H 'Content-Type: application/json' \
  -d "{\"image\":\"busybox:latest\",\"pool\":\"$RUN\",\"script\":[\"echo hello from the worker image\"]}" \
  | grep -o '"id":"[^"]*"' | cut -d'"' -f4)"
for _ in $(seq 1 60); do
  state="$(curl -fsS "${AUTH[@]}" "localhost:$GATEWAY_PORT/api/v1/jobs/$id" | grep -o '"state":"[A-Z_]*"' | cut -d'"' -f4)"
  [[ "$state" == SUCCEEDED || "$state" == FAILED || "$state" == TIMED_OUT || "$state" == CANCELLED ]] && break
  sleep 1
done
log="$(curl -fsS "${AUTH[@]}" "localhost:$GATEWAY_PORT/api/v1/jobs/$id/log")"
if [[ "$state" != SUCCEEDED || "$log" != "hello from the worker image" ]]; then
  echo "check-images: job $id ended $state with log: $log" >&2; exit 1
fi
echo "check-images: job $id ran through the images: $state, log '$log'"
