#!/usr/bin/env bash
# Keeps job containers away from every port of their Docker host: Redis, RabbitMQ, a gateway, the
# worker's own health port, sshd, anything that listens on all addresses. Docker already isolates
# the job networks from other bridges (the compose network where Redis, RabbitMQ and the gateway
# run); this closes the one way left, to the host itself at its bridge or LAN addresses.
#
# Job networks have bridge interfaces named slipjob<hash> (the worker names them so); traffic that
# enters the host from them is rejected unless it answers a connection the host opened, or is DNS
# (a resolver on the host, which Docker's embedded DNS may forward to) or, for IPv6, the neighbour
# discovery a bridge needs. Traffic through the host (to the internet, for git and package
# downloads) is forwarded, not input, and is not affected. Idempotent; run as root before the
# worker starts (the systemd unit does, with ExecStartPre=+), and again after a firewall reload.
# IPv4 must work; IPv6 is best effort (a host with IPv6 off has nothing to filter there).
set -euo pipefail

CHAIN=SLIPWAY-JOBS-IN

# The rules of the chain for one tool; the chain is built beside the live one and swapped in, so
# there is no moment when it is empty.
install_rules() {
  local tables="$1" icmp6="$2"
  "$tables" -N "$CHAIN-NEW" 2>/dev/null || "$tables" -F "$CHAIN-NEW"
  "$tables" -A "$CHAIN-NEW" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  "$tables" -A "$CHAIN-NEW" -p udp --dport 53 -j ACCEPT
  "$tables" -A "$CHAIN-NEW" -p tcp --dport 53 -j ACCEPT
  if [[ "$icmp6" == yes ]]; then
    for type in 133 134 135 136; do
      "$tables" -A "$CHAIN-NEW" -p ipv6-icmp --icmpv6-type "$type" -j ACCEPT
    done
  fi
  "$tables" -A "$CHAIN-NEW" -p tcp -j REJECT --reject-with tcp-reset
  "$tables" -A "$CHAIN-NEW" -j DROP
  "$tables" -I INPUT -i slipjob+ -j "$CHAIN-NEW"
  if "$tables" -L "$CHAIN" -n >/dev/null 2>&1; then
    while "$tables" -D INPUT -i slipjob+ -j "$CHAIN" 2>/dev/null; do :; done
    "$tables" -F "$CHAIN"
    "$tables" -X "$CHAIN"
  fi
  "$tables" -E "$CHAIN-NEW" "$CHAIN"
}

install_rules iptables no
echo "job-firewall: job networks (slipjob+) cannot reach this host's IPv4 ports"
if command -v ip6tables >/dev/null 2>&1 && ip6tables -L INPUT -n >/dev/null 2>&1; then
  if install_rules ip6tables yes 2>/dev/null; then
    echo "job-firewall: nor its IPv6 ports"
  else
    echo "job-firewall: IPv6 rules could not be installed (IPv6 off?); IPv4 is covered" >&2
  fi
fi
