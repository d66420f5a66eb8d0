# shellcheck shell=bash
# RabbitMQ for the tests (sourced by scripts/test.sh; needs common.sh).
#
#   rabbitmq_provide: $GOVERNANCE_TEST_RABBITMQ if set; else Testcontainers when a Docker engine
#                     answers; else a private throwaway broker node on 127.0.0.1 (the
#                     'rabbitmq-server' package installed with apt if missing), exported as
#                     GOVERNANCE_TEST_RABBITMQ.
#   rabbitmq_stop:    stops and removes that private node, if this script started one.
#
# The private node has its own name, ports, data and logs under a temp dir and runs as the rabbitmq
# user with the package's Erlang cookie, so the CLI can stop it; a broker already on the machine is
# untouched.

RMQ_CONTAINER_IMAGE="rabbitmq:3.13-alpine"
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_ROOT=""        # temp dir of the private node (empty: none)
RMQ_NODE=""        # its Erlang node name
RMQ_ENV=()         # the environment that names it, for rabbitmq-server and rabbitmqctl
RMQ_STARTED=0
RMQ_EPMD_STARTED=0 # the Erlang port mapper was not running before we started the node

rabbitmq_provide() {
    if [[ -n "${GOVERNANCE_TEST_RABBITMQ:-}" ]]; then
        note "using GOVERNANCE_TEST_RABBITMQ from the environment"
    elif docker_can_run "$RMQ_CONTAINER_IMAGE"; then
        note "Docker engine answers: tests start $RMQ_CONTAINER_IMAGE with Testcontainers"
    else
        rabbitmq_start_private
    fi
}

rabbitmq_stop() {
    if [[ "$RMQ_STARTED" == 1 ]]; then
        step "Stopping private RabbitMQ"
        rabbitmq_ctl stop >/dev/null 2>&1 || echo "    warning: rabbitmqctl stop failed" >&2
        RMQ_STARTED=0
        [[ "$RMQ_EPMD_STARTED" == 0 ]] || epmd -kill >/dev/null 2>&1 || true
    fi
    [[ -z "$RMQ_ROOT" ]] || rm -rf "$RMQ_ROOT"
    RMQ_ROOT=""
}

# rabbitmq_ctl ARGS...: rabbitmqctl against our node, as the rabbitmq user.
rabbitmq_ctl() {
    (cd "${RMQ_ROOT:-/}" && runuser -u rabbitmq -- env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmqctl" -q -n "$RMQ_NODE" "$@")
}

rabbitmq_start_private() {
    if [[ ! -x "$RMQ_BIN/rabbitmq-server" ]]; then
        apt_install rabbitmq-server "rabbitmq-server not found" || {
            echo "Install the 'rabbitmq-server' package, or set GOVERNANCE_TEST_RABBITMQ to an amqp:// URI." >&2
            return 1
        }
    fi
    if [[ "$(id -u)" != 0 ]] || ! id rabbitmq >/dev/null 2>&1; then
        echo "a private RabbitMQ node needs root (to run it as the rabbitmq user); set GOVERNANCE_TEST_RABBITMQ instead" >&2
        return 1
    fi
    if command -v pgrep >/dev/null 2>&1 && ! pgrep -x epmd >/dev/null 2>&1; then
        RMQ_EPMD_STARTED=1
    fi
    RMQ_ROOT="$(mktemp -d /tmp/governance-rmq.XXXXXX)"
    mkdir -p "$RMQ_ROOT/mnesia" "$RMQ_ROOT/log"
    echo "[]." >"$RMQ_ROOT/enabled_plugins"
    chown -R rabbitmq: "$RMQ_ROOT"
    RMQ_NODE="governance-test-$$@localhost"

    local port=45672 deadline
    while port_in_use "$port" || port_in_use $((port + 100)); do
        port=$((port + 1))
        ((port < 45772)) || { echo "no free TCP port in 45672-45771 for the private RabbitMQ" >&2; return 1; }
    done
    RMQ_ENV=(HOME=/var/lib/rabbitmq RABBITMQ_NODENAME="$RMQ_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
        RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT=$((port + 100))
        RABBITMQ_MNESIA_BASE="$RMQ_ROOT/mnesia" RABBITMQ_LOG_BASE="$RMQ_ROOT/log"
        RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_ROOT/enabled_plugins" RABBITMQ_PID_FILE="$RMQ_ROOT/pid")
    if (cd "$RMQ_ROOT" && runuser -u rabbitmq -- env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmq-server" -detached) >"$RMQ_ROOT/start.log" 2>&1; then
        RMQ_STARTED=1
        # A detached node registers with epmd only after a moment; until then the CLI says
        # "not running". Ask again until it has booted, for up to two minutes.
        deadline=$((SECONDS + 120))
        while ((SECONDS < deadline)); do
            if rabbitmq_ctl await_startup --timeout 60 >>"$RMQ_ROOT/start.log" 2>&1 && port_in_use "$port"; then
                export GOVERNANCE_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$port/"
                note "private RabbitMQ node $RMQ_NODE on 127.0.0.1:$port (data in $RMQ_ROOT)"
                return 0
            fi
            sleep 1
        done
    fi
    tail -n 30 "$RMQ_ROOT/start.log" "$RMQ_ROOT"/log/*.log >&2 2>/dev/null || true
    echo "could not start the private RabbitMQ node" >&2
    return 1
}
