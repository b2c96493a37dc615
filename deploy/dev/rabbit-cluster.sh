#!/usr/bin/env bash
# A throwaway 3-node RabbitMQ cluster on this machine, for tests that take a broker node away.
#
#   rabbit-cluster.sh start  <dir>                 start every node that is not running; the first
#                                                  start also clusters them (join_cluster)
#   rabbit-cluster.sh stop   <dir>                 stop every node by its PID (SIGTERM, then SIGKILL)
#   rabbit-cluster.sh status <dir>                 one line per node: name, AMQP address, PID, state;
#                                                  exits 3 when a node is not running
#   rabbit-cluster.sh ctl    <dir> <node> <args…>  rabbitmqctl against one node, with the cluster's cookie
#
# Nodes slipway-a, -b, -c @localhost listen for AMQP on 127.0.0.1:5681-5683 (RABBIT_CLUSTER_PORT
# moves the first one) and for Erlang distribution 20000 higher. Everything a node writes (data,
# logs, PID file) is under <dir>/<node>; the Erlang cookie is <dir>/.erlang.cookie. Nothing of the
# machine's own RabbitMQ service (rabbit@…, port 5672, /etc/rabbitmq, /var/lib/rabbitmq) is read
# or touched. Only what RabbitMQ 3.10 and 4.x both have is used: rabbitmq-env variables,
# rabbitmq.conf listeners, rabbitmqctl wait / stop_app / join_cluster / start_app.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status <dir> | ctl <dir> <node> <rabbitmqctl args...>" >&2
  exit 2
}
[[ $# -ge 2 ]] || usage
command="$1"
if [[ "$command" == start ]]; then mkdir -p "$2"; fi
if [[ ! -d "$2" ]]; then
  echo "rabbit-cluster: no cluster in $2" >&2
  [[ "$command" == stop ]] && exit 0 # nothing to stop
  exit 1
fi
dir="$(cd "$2" && pwd)"

first_port="${RABBIT_CLUSTER_PORT:-5681}"
names=(slipway-a slipway-b slipway-c)

# Debian's /usr/sbin/rabbitmq* wrappers switch to the rabbitmq user (and its cookie) when run as
# root; the scripts they wrap do not. Elsewhere (a generic install) the ones on the PATH are those.
sbin=/usr/lib/rabbitmq/bin
if [[ ! -x "$sbin/rabbitmq-server" ]]; then
  if ! command -v rabbitmq-server >/dev/null; then
    echo "rabbit-cluster: rabbitmq-server is not installed (apt-get install rabbitmq-server)" >&2
    exit 1
  fi
  sbin="$(dirname "$(command -v rabbitmq-server)")"
fi

say() { echo "rabbit-cluster: $*" >&2; }

node_of() { echo "${names[$1]}@localhost"; }
amqp_port() { echo $((first_port + $1)); }
home_of() { echo "$dir/${names[$1]}"; }

index_of() { # a node's index from its name, with or without @localhost
  local i
  for i in "${!names[@]}"; do
    if [[ "$1" == "${names[$i]}" || "$1" == "$(node_of "$i")" ]]; then
      echo "$i"
      return
    fi
  done
  say "no node $1 in this cluster (${names[*]})"
  exit 2
}

# Runs a command with the environment of node $1's server and CLI processes. HOME is <dir> so that
# the Erlang VM and the CLI read the cluster's cookie, not ~/.erlang.cookie; an env file of our own
# keeps the system service's /etc/rabbitmq/rabbitmq-env.conf (its NODENAME) out.
as_node() {
  local i="$1" home port
  shift
  home="$(home_of "$i")"
  port="$(amqp_port "$i")"
  env HOME="$dir" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_NODENAME="$(node_of "$i")" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT=$((port + 20000)) \
    RABBITMQ_CONFIG_FILE="$home/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$home/data" \
    RABBITMQ_LOG_BASE="$home/log" \
    RABBITMQ_PLUGINS_EXPAND_DIR="$home/plugins-expand" \
    RABBITMQ_PID_FILE="$home/pid" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    "$@"
}

ctl() { # node index, rabbitmqctl arguments...
  local i="$1"
  shift
  as_node "$i" "$sbin/rabbitmqctl" -n "$(node_of "$i")" "$@"
}

# The beam PID of node $1 when that process is alive and is that node (not a reused PID).
pid_of() {
  local i="$1" pid
  pid="$(cat "$(home_of "$i")/pid" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qx "RABBITMQ_NODENAME=$(node_of "$i")" || return 1
  echo "$pid"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Launches node $1 in the background unless it runs; `wait_node` then waits for it.
launch_node() {
  local i="$1" home port
  home="$(home_of "$i")"
  port="$(amqp_port "$i")"
  if pid_of "$i" >/dev/null; then
    return
  fi
  if listening "$port"; then
    say "port $port is taken: a cluster left by an earlier run? ('$0 stop <its dir>')"
    exit 1
  fi
  mkdir -p "$home/data" "$home/log"
  echo "[]." >"$home/enabled_plugins" # no plugins, so no management listener
  echo "listeners.tcp.default = 127.0.0.1:$port" >"$home/rabbitmq.conf"
  rm -f "$home/pid"
  # Detached from our output and our session: the caller (a test's ProcessBuilder) waits for this
  # script's output to close, and the node must outlive the script.
  as_node "$i" setsid "$sbin/rabbitmq-server" </dev/null >>"$home/log/server.out" 2>&1 &
}

wait_node() {
  local i="$1"
  if ! ctl "$i" wait --timeout 120 "$(home_of "$i")/pid" >/dev/null; then
    say "$(node_of "$i") did not start; the end of its log:"
    tail -n 30 "$(home_of "$i")/log/server.out" >&2 || true
    exit 1
  fi
}

start() {
  if [[ ! -f "$dir/.erlang.cookie" ]]; then
    (umask 077 && od -An -tx1 -N20 /dev/urandom | tr -d ' \n' >"$dir/.erlang.cookie")
    chmod 400 "$dir/.erlang.cookie"
  fi
  touch "$dir/rabbitmq-env.conf"
  local i
  for i in "${!names[@]}"; do launch_node "$i"; done
  for i in "${!names[@]}"; do wait_node "$i"; done
  if [[ ! -f "$dir/clustered" ]]; then
    # Fresh nodes are three clusters of one; the others join the first. Later starts (a node
    # brought back after a crash) need none of this: a node remembers its cluster in its data.
    for i in 1 2; do
      ctl "$i" stop_app >/dev/null
      ctl "$i" join_cluster "$(node_of 0)" >/dev/null
      ctl "$i" start_app >/dev/null
    done
    touch "$dir/clustered"
  fi
  for i in "${!names[@]}"; do ctl "$i" await_startup >/dev/null; done
  say "running: $(node_of 0) $(node_of 1) $(node_of 2) on 127.0.0.1:$(amqp_port 0)-$(amqp_port 2)"
}

stop() {
  local i pid pids=()
  for i in "${!names[@]}"; do
    if pid="$(pid_of "$i")"; then
      kill -TERM "$pid" 2>/dev/null || true # the node shuts down cleanly on SIGTERM
      pids+=("$pid")
    fi
  done
  for _ in $(seq 1 120); do # up to 60 s
    local alive=()
    for pid in ${pids[@]+"${pids[@]}"}; do
      if kill -0 "$pid" 2>/dev/null; then alive+=("$pid"); fi
    done
    pids=(${alive[@]+"${alive[@]}"})
    [[ ${#pids[@]} -eq 0 ]] && break
    sleep 0.5
  done
  for pid in ${pids[@]+"${pids[@]}"}; do
    say "PID $pid ignored SIGTERM for 60 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  done
}

status() {
  local i pid down=0
  for i in "${!names[@]}"; do
    if pid="$(pid_of "$i")"; then
      printf '%s\t127.0.0.1:%s\t%s\trunning\n' "$(node_of "$i")" "$(amqp_port "$i")" "$pid"
    else
      printf '%s\t127.0.0.1:%s\t-\tstopped\n' "$(node_of "$i")" "$(amqp_port "$i")"
      down=1
    fi
  done
  if [[ $down -ne 0 ]]; then exit 3; fi
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  ctl)
    [[ $# -ge 4 ]] || usage
    node="$(index_of "$3")"
    shift 3
    ctl "$node" "$@"
    ;;
  *) usage ;;
esac
