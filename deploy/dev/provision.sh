#!/usr/bin/env bash
# Provisions what Slipway and its tests need on a Debian machine, idempotently:
#   - a running Docker engine (Debian's docker.io),
#   - RabbitMQ on 127.0.0.1:5672 and Redis on 127.0.0.1:6379 when nothing listens there,
#   - the host firewall rule that keeps job containers from this host's ports,
#   - the offline test image busybox:latest (no registry is needed),
#   - npm for the gateway's build, Chromium and ChromeDriver for the browser test.
# Runs as root (CI) or through sudo. Prints one line per thing it found or did.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

say() { echo "provision: $*"; }

APT_UPDATED=""
apt_install() {
  if [[ -z "$APT_UPDATED" ]]; then
    $SUDO apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q "$@" >/dev/null
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # description, seconds, command...
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 "$((seconds * 2))"); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  say "$what did not come up within ${seconds}s" >&2
  return 1
}

# --- Docker engine -----------------------------------------------------------------------------
if ! command -v dockerd >/dev/null 2>&1; then
  say "installing docker.io"
  apt_install docker.io
fi
if docker info >/dev/null 2>&1; then
  say "docker engine already running"
else
  # No systemd as PID 1 in CI containers and sandboxes: start the daemon directly.
  say "starting dockerd (log: /var/log/slipway-dockerd.log)"
  $SUDO sh -c 'nohup dockerd >/var/log/slipway-dockerd.log 2>&1 &'
  wait_for "dockerd" 60 docker info >/dev/null 2>&1 \
    || { tail -20 /var/log/slipway-dockerd.log >&2; exit 1; }
fi

# --- Job containers may not reach this host's ports (docs/security.md) --------------------------
$SUDO "$HERE/../host/job-firewall.sh" | sed 's/^/provision: /'

# --- RabbitMQ ----------------------------------------------------------------------------------
if listening 5672; then
  say "rabbitmq already listening on 5672"
else
  command -v rabbitmq-server >/dev/null 2>&1 || { say "installing rabbitmq-server"; apt_install rabbitmq-server; }
  say "starting rabbitmq"
  $SUDO rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_for "rabbitmq" 90 listening 5672
  $SUDO rabbitmqctl await_startup >/dev/null 2>&1 || true
fi

# --- Redis -------------------------------------------------------------------------------------
if listening 6379; then
  say "redis already listening on 6379"
else
  command -v redis-server >/dev/null 2>&1 || { say "installing redis-server"; apt_install redis-server; }
  say "starting redis (no persistence: development only)"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/slipway-dev.log
  wait_for "redis" 30 listening 6379
fi

# --- Offline test image ------------------------------------------------------------------------
if [[ ! -x /bin/busybox ]] || ! /bin/busybox --list 2>/dev/null | grep -qx seq; then
  say "installing busybox-static"
  apt_install busybox-static
fi
"$HERE/make-test-image.sh"

# --- docker-compose, to validate docker-compose.yml offline (deploy/docker/check-images.sh) ------
# An image registry on 127.0.0.1:5000 (Debian's docker-registry, the distribution registry): what
# image pulls and pushes are tested against, as no other registry is reachable. Docker trusts
# registries on 127.0.0.0/8 without TLS.
if listening 5000; then
  say "registry already listening on 5000"
else
  command -v docker-registry >/dev/null 2>&1 || { say "installing docker-registry"; apt_install docker-registry; }
  say "starting docker-registry on 127.0.0.1:5000 (log: /var/log/slipway-registry.log)"
  $SUDO mkdir -p /var/lib/slipway-registry
  $SUDO tee /etc/slipway-registry.yml >/dev/null <<'YAML'
version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/slipway-registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:5000
YAML
  $SUDO sh -c 'nohup docker-registry serve /etc/slipway-registry.yml >/var/log/slipway-registry.log 2>&1 &'
  wait_for "docker-registry" 30 listening 5000 || { tail -20 /var/log/slipway-registry.log >&2; exit 1; }
fi

command -v docker-compose >/dev/null 2>&1 || { say "installing docker-compose"; apt_install docker-compose; }

# --- python3, which the terminal benchmark's direct baseline runs under (bench/terminal_direct.py) ---
command -v python3 >/dev/null 2>&1 || { say "installing python3"; apt_install python3; }

# --- npm, with which the gateway's build vendors xterm.js (api-gateway/src/main/frontend/build.sh) ---
command -v npm >/dev/null 2>&1 || { say "installing nodejs and npm"; apt_install nodejs npm; }

# --- Chromium and its driver, for the web terminal's browser test (TerminalBrowserE2E) ------------
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  say "chromium and chromedriver already installed"
else
  say "installing chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

# --- rpm and git: the RPM example's packages are checked with rpm -qip (RpmExampleE2E), and git
# sources are served by git daemon (SourcesE2E); debootstrap makes the RPM builder image ---------
command -v rpm >/dev/null 2>&1 || { say "installing rpm"; apt_install rpm; }
command -v git >/dev/null 2>&1 || { say "installing git"; apt_install git; }
command -v debootstrap >/dev/null 2>&1 || { say "installing debootstrap"; apt_install debootstrap; }
# The RPM example's builder image, made offline from the apt mirror (skipped when present).
"$(dirname "${BASH_SOURCE[0]}")/../../examples/rpm/make-builder-image.sh"

say "docker $(docker version --format '{{.Server.Version}}'), rabbitmq $(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null || echo '?'), redis $(redis-cli -p 6379 info server 2>/dev/null | sed -n 's/^redis_version:\(.*\)\r$/\1/p')"
