#!/usr/bin/env bash
# Keeps job containers away from every port of their Docker host: Redis, RabbitMQ, a gateway, the
# worker's own health port, sshd, anything that listens on all addresses. Docker already isolates
# the job networks from other bridges (the compose network where Redis, RabbitMQ and the gateway
# run); this closes the one way left, to the host itself at its bridge or LAN addresses.
#
# Job networks have bridge interfaces named slipjob<hash> (the worker names them so); traffic that
# enters the host from them is rejected unless it answers a connection the host opened. Traffic
# through the host (to the internet, for git and package downloads) is forwarded, not input, and is
# not affected. Idempotent; run as root before the worker starts (the systemd unit does, with
# ExecStartPre=+), and again after a firewall reload.
set -euo pipefail

CHAIN=SLIPWAY-JOBS-IN
for tables in iptables ip6tables; do
  command -v "$tables" >/dev/null 2>&1 || continue
  "$tables" -N "$CHAIN" 2>/dev/null || "$tables" -F "$CHAIN"
  "$tables" -A "$CHAIN" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  "$tables" -A "$CHAIN" -p tcp -j REJECT --reject-with tcp-reset
  "$tables" -A "$CHAIN" -j DROP
  "$tables" -C INPUT -i slipjob+ -j "$CHAIN" 2>/dev/null || "$tables" -I INPUT -i slipjob+ -j "$CHAIN"
done
echo "job-firewall: job networks (slipjob+) cannot reach this host's ports"
