#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run).
#
# Installs and starts what the tests need when it is missing, runs every check against real
# servers, stops what it started, and ends with one line: "N passed, N failed, N skipped".
#
#   PostgreSQL: $GOVERNANCE_TEST_POSTGRES if set; else Testcontainers when a Docker engine answers;
#               else a private throwaway cluster on 127.0.0.1 (PostgreSQL installed with apt if missing).
#   RabbitMQ:   $GOVERNANCE_TEST_RABBITMQ if set; else Testcontainers when a Docker engine answers;
#               else a private throwaway broker node on 127.0.0.1 (rabbitmq-server installed with apt
#               if missing).
#   buf lint:   the proto contracts (counts as one check).
#   dotnet:     build the solution in Release, then run every test project (TRX results are summed).
#   Node.js:    tests/e2e-node, a gRPC client built from protos/ alone, runs a whole meeting against
#               the Release host started on free loopback ports (its TAP counts are added).
#
# Test results (TRX) are kept in artifacts/test-results/ for inspection.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$PWD"

RESULTS_DIR="$REPO_ROOT/artifacts/test-results"
PG_CONTAINER_IMAGE="postgres:16-alpine"
RMQ_CONTAINER_IMAGE="rabbitmq:3.13-alpine"

PG_ROOT=""     # temp dir of the private cluster we started (empty: none)
PG_BIN=""      # bin dir of the PostgreSQL used for it
PG_RUN=()      # prefix to run PostgreSQL tools (runuser when we are root)
PG_USER=""     # owner of the private cluster when we are root
PG_STARTED=0
RMQ_ROOT=""    # temp dir of the private broker node we started (empty: none)
RMQ_NODE=""    # its Erlang node name
RMQ_ENV=()     # the environment that names it, for rabbitmq-server and rabbitmqctl
RMQ_STARTED=0
RMQ_EPMD_STARTED=0 # the Erlang port mapper was not running before we started the node
E2E_ROOT=""    # temp dir of the Node.js end-to-end run: host data, logs (empty: none)
E2E_HOST_PID="" # the Governance host started for it (empty: none running)
failed=0       # failures outside the test runner (lint, ...)

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

# ----------------------------------------------------------------------------------------------
# Stop only what this script started: before the closing line, and on any exit (trap).
# ----------------------------------------------------------------------------------------------
# pid_alive PID: the process runs (one that has exited but is not yet reaped does not).
pid_alive() {
    local stat
    if ! stat="$(cat "/proc/$1/stat" 2>/dev/null)"; then
        [[ ! -d /proc/self ]] && kill -0 "$1" 2>/dev/null
        return
    fi
    stat="${stat##*) }"
    [[ "${stat:0:1}" != Z ]]
}

# Stops the host started for the Node.js tests (TERM, then KILL after 15 s) and reaps it.
stop_e2e_host() {
    if [[ -n "$E2E_HOST_PID" ]]; then
        local i
        if pid_alive "$E2E_HOST_PID"; then
            note "stopping the Governance host (pid $E2E_HOST_PID)"
            kill -TERM "$E2E_HOST_PID" 2>/dev/null || true
            for ((i = 0; i < 150; i++)); do
                pid_alive "$E2E_HOST_PID" || break
                sleep 0.1
            done
            if pid_alive "$E2E_HOST_PID"; then
                echo "    warning: the Governance host did not stop in 15 s; killing it" >&2
                kill -KILL "$E2E_HOST_PID" 2>/dev/null || true
            fi
        fi
        wait "$E2E_HOST_PID" 2>/dev/null || true
        E2E_HOST_PID=""
    fi
}

stop_servers() {
    stop_e2e_host
    if [[ -n "$E2E_ROOT" && -d "$E2E_ROOT" ]]; then
        rm -rf "$E2E_ROOT"
    fi
    E2E_ROOT=""
    if [[ "$PG_STARTED" == 1 ]]; then
        step "Stopping private PostgreSQL"
        (cd / && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null 2>&1) ||
            echo "    warning: pg_ctl stop failed" >&2
        PG_STARTED=0
    fi
    if [[ -n "$PG_ROOT" && -d "$PG_ROOT" ]]; then
        rm -rf "$PG_ROOT"
    fi
    PG_ROOT=""
    if [[ "$RMQ_STARTED" == 1 ]]; then
        step "Stopping private RabbitMQ"
        (cd / && runuser -u rabbitmq -- env "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$RMQ_NODE" stop >/dev/null 2>&1) ||
            echo "    warning: rabbitmqctl stop failed" >&2
        RMQ_STARTED=0
        if [[ "$RMQ_EPMD_STARTED" == 1 ]]; then
            epmd -kill >/dev/null 2>&1 || true
        fi
    fi
    if [[ -n "$RMQ_ROOT" && -d "$RMQ_ROOT" ]]; then
        rm -rf "$RMQ_ROOT"
    fi
    RMQ_ROOT=""
}

# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    local rc=$?
    stop_servers
    exit "$rc"
}

# finish PASSED FAILED SKIPPED STATUS: stop servers, print the closing line (always last), exit.
finish() {
    stop_servers
    echo "$1 passed, $2 failed, $3 skipped"
    exit "$4"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------------------------
find_pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
            echo "$d"
        fi
    done | sort -V | tail -n 1
}

# apt_install PACKAGE WHY: installs a Debian package as root, without starting its own service
# (we run private servers).
apt_install() {
    local package=$1 why=$2
    if [[ "$(id -u)" != 0 ]]; then
        echo "$why and not root to install the '$package' package." >&2
        return 1
    fi
    note "installing $package with apt-get ($why)"
    local policy=/usr/sbin/policy-rc.d made_policy=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
    fi
    local rc=0
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"
    } >/tmp/governance-apt.log 2>&1 || rc=$?
    if [[ "$made_policy" == 1 ]]; then
        rm -f "$policy"
    fi
    if [[ "$rc" != 0 ]]; then
        tail -n 30 /tmp/governance-apt.log >&2
        echo "apt-get install $package failed (exit $rc)" >&2
        return 1
    fi
    rm -f /tmp/governance-apt.log
}

install_postgresql() {
    apt_install postgresql "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin" || {
        echo "Install the 'postgresql' package, or set GOVERNANCE_TEST_POSTGRES to an admin connection string." >&2
        return 1
    }
}

port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && return 0
    fi
    # Something answers on it?
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

utf8_locale() {
    # initdb needs a locale the C library knows; C.UTF-8 is in glibc >= 2.35 and in Debian's libc.
    if command -v locale >/dev/null 2>&1 && locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        echo "C.UTF-8"
    fi
}

start_private_postgres() {
    PG_BIN="$(find_pg_bin)"
    if [[ -z "$PG_BIN" ]]; then
        install_postgresql
        PG_BIN="$(find_pg_bin)"
        if [[ -z "$PG_BIN" ]]; then
            echo "PostgreSQL was installed but no initdb/pg_ctl found under /usr/lib/postgresql/*/bin" >&2
            return 1
        fi
    fi
    note "using $("$PG_BIN/postgres" --version 2>/dev/null || echo "$PG_BIN")"

    # In /tmp, not $TMPDIR: the postgres user must reach it, and the socket path must stay short.
    PG_ROOT="$(mktemp -d /tmp/governance-pg.XXXXXX)"
    mkdir -p "$PG_ROOT/data" "$PG_ROOT/run"
    PG_RUN=()
    if [[ "$(id -u)" == 0 ]]; then
        # PostgreSQL refuses to run as root.
        PG_USER=postgres
        if ! id "$PG_USER" >/dev/null 2>&1; then
            PG_USER=nobody
        fi
        chown -R "$PG_USER:" "$PG_ROOT"
        PG_RUN=(runuser -u "$PG_USER" --)
    fi
    chmod 700 "$PG_ROOT/data"

    local locale_args=(--no-locale)
    local loc
    loc="$(utf8_locale)"
    if [[ -n "$loc" ]]; then
        locale_args=("--locale=$loc")
    fi
    if ! (cd "$PG_ROOT" && "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_ROOT/data" --auth=trust -U governance \
        --encoding=UTF8 "${locale_args[@]}" >"$PG_ROOT/initdb.log" 2>&1); then
        if [[ "${locale_args[0]}" != --no-locale ]]; then
            note "initdb with ${locale_args[0]} failed; retrying with --no-locale"
            rm -rf "$PG_ROOT/data" && mkdir -p "$PG_ROOT/data" && chmod 700 "$PG_ROOT/data"
            [[ -z "$PG_USER" ]] || chown "$PG_USER:" "$PG_ROOT/data"
            (cd "$PG_ROOT" && "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_ROOT/data" --auth=trust -U governance \
                --encoding=UTF8 --no-locale >"$PG_ROOT/initdb.log" 2>&1) || {
                cat "$PG_ROOT/initdb.log" >&2
                return 1
            }
        else
            cat "$PG_ROOT/initdb.log" >&2
            return 1
        fi
    fi

    local port attempts=0
    for ((port = 55432; port < 55532; port++)); do
        if port_in_use "$port"; then
            continue
        fi
        if (cd "$PG_ROOT" && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/data/log" -w -t 60 \
            -o "-p $port -k $PG_ROOT/run -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
            start >/dev/null 2>&1); then
            PG_STARTED=1
            export GOVERNANCE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=governance;Password=governance;Database=postgres"
            note "private PostgreSQL on 127.0.0.1:$port (data in $PG_ROOT)"
            return 0
        fi
        attempts=$((attempts + 1))
        # A port taken between the check and the start: try the next; anything else: give up.
        if ! grep -qiE 'could not bind|address already in use' "$PG_ROOT/data/log" 2>/dev/null || ((attempts >= 5)); then
            tail -n 30 "$PG_ROOT/data/log" >&2 || true
            echo "could not start the private PostgreSQL" >&2
            return 1
        fi
        : >"$PG_ROOT/data/log"
    done
    echo "no free TCP port in 55432-55531 for the private PostgreSQL" >&2
    return 1
}

# docker_can_run IMAGE: a Docker engine answers and has (or can pull) IMAGE, so Testcontainers can
# start it. An engine that cannot get the image (no registry access) is no use to Testcontainers.
docker_can_run() {
    command -v docker >/dev/null 2>&1 || return 1
    timeout 20 docker info >/dev/null 2>&1 || return 1
    docker image inspect "$1" >/dev/null 2>&1 || timeout 300 docker pull -q "$1" >/dev/null 2>&1
}

step "PostgreSQL"
if [[ -n "${GOVERNANCE_TEST_POSTGRES:-}" ]]; then
    note "using GOVERNANCE_TEST_POSTGRES from the environment"
elif docker_can_run "$PG_CONTAINER_IMAGE"; then
    note "Docker engine answers: tests start $PG_CONTAINER_IMAGE with Testcontainers"
elif ! start_private_postgres; then
    echo "    FAILED: could not provide a PostgreSQL server for the tests" >&2
    finish 0 $((failed + 1)) 0 1
fi

# ----------------------------------------------------------------------------------------------
# RabbitMQ
# ----------------------------------------------------------------------------------------------
install_rabbitmq() {
    apt_install rabbitmq-server "rabbitmq-server not found" || {
        echo "Install the 'rabbitmq-server' package, or set GOVERNANCE_TEST_RABBITMQ to an amqp:// URI." >&2
        return 1
    }
}

# A node of our own (own name, ports, data and logs under a temp dir), run as the rabbitmq user
# with the package's Erlang cookie, so the CLI can stop it; a broker already on the machine is untouched.
start_private_rabbitmq() {
    if [[ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; then
        install_rabbitmq || return 1
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
    local port
    for ((port = 45672; port < 45772; port++)); do
        if port_in_use "$port" || port_in_use $((port + 100)); then
            continue
        fi
        RMQ_ENV=(HOME=/var/lib/rabbitmq RABBITMQ_NODENAME="$RMQ_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
            RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT=$((port + 100))
            RABBITMQ_MNESIA_BASE="$RMQ_ROOT/mnesia" RABBITMQ_LOG_BASE="$RMQ_ROOT/log"
            RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_ROOT/enabled_plugins" RABBITMQ_PID_FILE="$RMQ_ROOT/pid")
        if (cd "$RMQ_ROOT" && runuser -u rabbitmq -- env "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server -detached) >"$RMQ_ROOT/start.log" 2>&1; then
            RMQ_STARTED=1
            # A detached node registers with epmd only after a moment; until then the CLI says
            # "not running". Ask again until it has booted, for up to two minutes.
            local deadline=$((SECONDS + 120))
            while ((SECONDS < deadline)); do
                if (cd "$RMQ_ROOT" && runuser -u rabbitmq -- env "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$RMQ_NODE" \
                    await_startup --timeout 60) >>"$RMQ_ROOT/start.log" 2>&1 && port_in_use "$port"; then
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
    done
    echo "no free TCP port in 45672-45771 for the private RabbitMQ" >&2
    return 1
}

step "RabbitMQ"
if [[ -n "${GOVERNANCE_TEST_RABBITMQ:-}" ]]; then
    note "using GOVERNANCE_TEST_RABBITMQ from the environment"
elif docker_can_run "$RMQ_CONTAINER_IMAGE"; then
    note "Docker engine answers: tests start $RMQ_CONTAINER_IMAGE with Testcontainers"
elif ! start_private_rabbitmq; then
    echo "    FAILED: could not provide a RabbitMQ broker for the tests" >&2
    finish 0 $((failed + 1)) 0 1
fi

# CI=true makes tests fail instead of skip when a server is missing.
if [[ -n "${CI:-}" ]]; then
    export CI
fi

# ----------------------------------------------------------------------------------------------
# buf lint (one check)
# ----------------------------------------------------------------------------------------------
step "buf lint"
lint_ok=1
if [[ ! -x node_modules/.bin/buf ]]; then
    note "installing buf (npm ci)"
    if ! npm ci --no-audit --no-fund --loglevel=error >/tmp/governance-npm.log 2>&1; then
        # npm 11's ci rejects a lock file that lacks optional platform packages the registry did not
        # offer when the lock was written (buf-darwin-*, buf-win32-*); package.json pins buf exactly,
        # so installing from it alone gives the same buf.
        note "npm ci failed: $(grep -m1 -E '^npm error .{30}' /tmp/governance-npm.log | sed 's/^npm error //' || true)"
        note "trying npm install from package.json"
        if ! npm install --no-audit --no-fund --no-package-lock --loglevel=error >/tmp/governance-npm.log 2>&1; then
            tail -n 20 /tmp/governance-npm.log >&2
            echo "    FAILED: npm could not install buf" >&2
            lint_ok=0
        fi
    fi
    rm -f /tmp/governance-npm.log
fi
if [[ "$lint_ok" == 1 ]]; then
    if npx --no -- buf lint; then
        note "buf lint passed"
    else
        echo "    FAILED: buf lint reported problems in protos/ (see above)" >&2
        lint_ok=0
    fi
fi
if [[ "$lint_ok" == 0 ]]; then
    failed=$((failed + 1))
fi

# ----------------------------------------------------------------------------------------------
# Build
# ----------------------------------------------------------------------------------------------
SLN=""
for candidate in Governance.Platform.sln Governance.Platform.slnx; do
    if [[ -f "$candidate" ]]; then
        SLN="$candidate"
        break
    fi
done
if [[ -z "$SLN" ]]; then
    echo "no Governance.Platform.sln(x) at the repository root" >&2
    finish 0 $((failed + 1)) 0 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step "dotnet build $SLN -c Release"
if ! dotnet build "$SLN" -c Release -nologo; then
    echo "    FAILED: build" >&2
    finish 0 $((failed + 1)) 0 1
fi

# ----------------------------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------------------------
step "dotnet test $SLN"
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
test_rc=0
dotnet test "$SLN" -c Release --no-build --nologo \
    --logger "trx" --results-directory "$RESULTS_DIR" \
    --blame-hang-timeout 20m --blame-hang-dump-type none || test_rc=$?

# ----------------------------------------------------------------------------------------------
# Cross-language client (Node.js): tests/e2e-node builds its gRPC client from protos/ alone and
# runs a whole meeting against the Release host, started here on free loopback ports with a temp
# data directory. Its counts (TAP summary) are added to the totals.
# ----------------------------------------------------------------------------------------------
step "Cross-language client (Node.js)"
E2E_DIR="$REPO_ROOT/tests/e2e-node"
E2E_TEST="meeting.e2e.test.mjs"
E2E_HOST_DLL="$REPO_ROOT/services/Host/Governance.Host/bin/Release/net10.0/Governance.Host.dll"
E2E_GRPC="" E2E_HTTP=""
node_passed=0 node_failed=0 node_skipped=0

# The installed packages are the exact versions package.json pins.
e2e_deps_current() {
    # shellcheck disable=SC2016  # JavaScript, not shell
    (cd "$E2E_DIR" && node -e '
        const deps = require("./package.json").dependencies || {};
        for (const [name, version] of Object.entries(deps)) {
            let installed;
            try { installed = require(`./node_modules/${name}/package.json`).version; } catch { process.exit(1); }
            if (installed !== version) process.exit(1);
        }') >/dev/null 2>&1
}

e2e_install() {
    if e2e_deps_current; then
        return 0
    fi
    local log="$E2E_ROOT/npm.log"
    note "installing the test's packages (npm ci in tests/e2e-node)"
    if (cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
        return 0
    fi
    # As for buf above: npm's ci can reject a lock file that lacks optional platform packages the
    # registry did not offer; package.json pins the versions exactly.
    note "npm ci failed: $(grep -m1 -E '^npm error .{30}' "$log" | sed 's/^npm error //' || true)"
    note "trying npm install from package.json"
    if (cd "$E2E_DIR" && npm install --no-audit --no-fund --no-package-lock --loglevel=error) >"$log" 2>&1; then
        return 0
    fi
    tail -n 20 "$log" >&2
    return 1
}

# free_port FROM: the first port from FROM on that nothing listens on.
free_port() {
    local p
    for ((p = $1; p < $1 + 200 && p < 65536; p++)); do
        if ! port_in_use "$p"; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# GET /readyz answers "Healthy".
e2e_ready() {
    node -e '
        fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
            .then(async (r) => process.exit(r.ok && (await r.text()).trim() === "Healthy" ? 0 : 1))
            .catch(() => process.exit(1));' "http://$E2E_HTTP/readyz" >/dev/null 2>&1
}

# Starts the host on free ports and waits up to 60 s for readiness; retries when a port was taken
# between the check and the bind.
e2e_start_host() {
    local attempt grpc_port http_port deadline
    for attempt in 1 2 3; do
        if ! grpc_port="$(free_port $((50000 + RANDOM % 10000)))" ||
            ! http_port="$(free_port $((grpc_port + 1)))"; then
            echo "    no free TCP port for the host" >&2
            return 1
        fi
        E2E_GRPC="127.0.0.1:$grpc_port" E2E_HTTP="127.0.0.1:$http_port"
        rm -rf "$E2E_ROOT/data"
        # SQLite in the temp dir whatever the environment says about connection strings.
        env -u ConnectionStrings__Meetings -u ConnectionStrings__Cases -u ConnectionStrings__RabbitMq \
            Kestrel__Endpoints__Grpc__Url="http://$E2E_GRPC" \
            Kestrel__Endpoints__Http__Url="http://$E2E_HTTP" \
            Governance__DataDirectory="$E2E_ROOT/data" \
            dotnet "$E2E_HOST_DLL" </dev/null >"$E2E_ROOT/host.log" 2>&1 &
        E2E_HOST_PID=$!
        note "host pid $E2E_HOST_PID: gRPC $E2E_GRPC, HTTP $E2E_HTTP (waiting for /readyz)"
        deadline=$((SECONDS + 60))
        while ((SECONDS < deadline)) && pid_alive "$E2E_HOST_PID"; do
            if e2e_ready; then
                note "host ready"
                return 0
            fi
            sleep 0.5
        done
        if ! pid_alive "$E2E_HOST_PID" && ((attempt < 3)) &&
            grep -qiE 'address already in use|failed to bind' "$E2E_ROOT/host.log"; then
            stop_e2e_host
            note "a port was taken meanwhile; trying others"
            continue
        fi
        if pid_alive "$E2E_HOST_PID"; then
            echo "    the host did not become ready in 60 s; last lines of its log:" >&2
        else
            local code=0
            wait "$E2E_HOST_PID" 2>/dev/null || code=$?
            echo "    the host exited (code $code) before it was ready; last lines of its log:" >&2
        fi
        tail -n 40 "$E2E_ROOT/host.log" | sed 's/^/      /' >&2
        stop_e2e_host
        return 1
    done
    return 1
}

# tap_count LOG NAME: N of the run's own summary line "# NAME N" (at the start of a line, the last).
tap_count() {
    sed -n "s/^# $2 \([0-9][0-9]*\)\$/\1/p" "$1" | tail -n 1
}

# Runs the tests; sets node_passed/node_failed/node_skipped from the TAP summary.
e2e_run_tests() {
    local log="$E2E_ROOT/node-test.log" rc=0 runner=()
    if command -v timeout >/dev/null 2>&1; then
        runner=(timeout 600)
    fi
    # A development token from the host's own issuer (same data directory), as the README shows.
    local token
    token="$(env -u ConnectionStrings__Meetings -u ConnectionStrings__Cases -u ConnectionStrings__RabbitMq Governance__DataDirectory="$E2E_ROOT/data" \
        dotnet "$E2E_HOST_DLL" token --subject e2e-node --roles secretariat,body_member,case_handler --bodies '*' --units '*' 2>>"$log")" || token=""
    (cd "$E2E_DIR" && GOVERNANCE_GRPC_ADDRESS="$E2E_GRPC" GOVERNANCE_HTTP_ADDRESS="$E2E_HTTP" GOVERNANCE_TOKEN="$token" \
        "${runner[@]}" node --test --test-reporter=tap "$E2E_TEST") 2>&1 | tee -a "$log" || rc=$?
    local tests pass fail cancelled skipped todo
    tests="$(tap_count "$log" tests)" pass="$(tap_count "$log" pass)" fail="$(tap_count "$log" fail)"
    cancelled="$(tap_count "$log" cancelled)" skipped="$(tap_count "$log" skipped)" todo="$(tap_count "$log" todo)"
    if [[ -z "$tests" || -z "$pass" || -z "$fail" ]]; then
        echo "    FAILED: node --test printed no summary (exit code $rc)" >&2
        node_failed=1
        return
    fi
    node_passed=$pass
    node_failed=$((fail + ${cancelled:-0}))
    node_skipped=$((${skipped:-0} + ${todo:-0}))
    if ((tests == 0)); then
        echo "    FAILED: node --test ran no test" >&2
        node_failed=$((node_failed + 1))
    elif ((rc != 0 && node_failed == 0)); then
        echo "    FAILED: node --test exited with $rc without a failed test" >&2
        node_failed=$((node_failed + 1))
    fi
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [[ -n "${CI:-}" ]]; then
        echo "    FAILED: node and npm are needed for the cross-language test (tests/e2e-node)" >&2
        node_failed=1
    else
        note "skipped: node/npm not found (install Node.js >= 20 to run tests/e2e-node; CI requires it)"
        node_skipped=1
    fi
elif [[ ! -f "$E2E_HOST_DLL" ]]; then
    echo "    FAILED: the Release build has no ${E2E_HOST_DLL#"$REPO_ROOT"/}" >&2
    node_failed=1
else
    note "node $(node --version)"
    E2E_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/governance-e2e.XXXXXX")"
    if ! e2e_install; then
        echo "    FAILED: npm could not install the packages of tests/e2e-node" >&2
        node_failed=1
    elif ! e2e_start_host; then
        echo "    FAILED: the Governance host did not start for the cross-language test" >&2
        node_failed=1
    else
        e2e_run_tests
        if ! pid_alive "$E2E_HOST_PID"; then
            echo "    warning: the host exited during the tests; last lines of its log:" >&2
            tail -n 40 "$E2E_ROOT/host.log" | sed 's/^/      /' >&2
        fi
    fi
    stop_e2e_host
    rm -rf "$E2E_ROOT"
    E2E_ROOT=""
fi

# ----------------------------------------------------------------------------------------------
# Summary from the TRX files.
# xunit v3 under VSTest reports a skipped test as outcome NotExecuted, but leaves the
# Counters attribute notExecuted at 0: skipped = total - executed.
# ----------------------------------------------------------------------------------------------
step "Summary"
shopt -s nullglob globstar
trx_files=("$RESULTS_DIR"/**/*.trx)
shopt -u globstar

# Prints "passed failed skipped" summed over the files given.
sum_trx() {
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    counters = None
    for _, el in ET.iterparse(path):
        if el.tag.rsplit('}', 1)[-1] == 'Counters':
            counters = el
            break
    if counters is None:
        print(f"    warning: no <Counters> in {path}", file=sys.stderr)
        continue
    c = lambda name: int(counters.get(name, '0') or 0)
    p = c('passed')
    f = c('failed') + c('error') + c('timeout') + c('aborted')
    total, executed = c('total'), c('executed')
    s = max(c('notExecuted'), total - executed if 'executed' in counters.attrib else 0)
    passed, failed, skipped = passed + p, failed + f, skipped + s
print(passed, failed, skipped)
PY
    else
        local f line p=0 x=0 s=0 total executed notexec
        # attr NAME COUNTERS-ELEMENT: the attribute's value, 0 when absent.
        attr() {
            local v
            v="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2" | head -n 1)"
            echo "${v:-0}"
        }
        for f in "$@"; do
            line="$(tr '\n' ' ' <"$f" | grep -o '<Counters [^>]*>' | head -n 1 || true)"
            [[ -n "$line" ]] || { echo "    warning: no <Counters> in $f" >&2; continue; }
            p=$((p + $(attr passed "$line")))
            x=$((x + $(attr failed "$line") + $(attr error "$line") + $(attr timeout "$line") + $(attr aborted "$line")))
            total=$(attr total "$line"); executed=$(attr executed "$line"); notexec=$(attr notExecuted "$line")
            if ((total - executed > notexec)); then s=$((s + total - executed)); else s=$((s + notexec)); fi
        done
        echo "$p $x $s"
    fi
}

passed=0 tfailed=0 skipped=0
if ((${#trx_files[@]} > 0)); then
    if sums="$(sum_trx "${trx_files[@]}")" && [[ "$sums" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]]; then
        read -r passed tfailed skipped <<<"$sums"
    else
        echo "    FAILED: could not read the TRX files in $RESULTS_DIR" >&2
        failed=$((failed + 1))
    fi
fi
failed=$((failed + tfailed))
total=$((passed + tfailed + skipped))

note "TRX files: ${#trx_files[@]} in ${RESULTS_DIR#"$REPO_ROOT"/}; dotnet test exit code: $test_rc"
note "Node.js cross-language client: $node_passed passed, $node_failed failed, $node_skipped skipped"
status=0
if ((${#trx_files[@]} == 0 || total == 0)); then
    echo "    FAILED: no tests ran" >&2
    failed=$((failed + 1))
    status=1
elif ((test_rc != 0 && tfailed == 0)); then
    # The run failed without a failed test (crash, hang, load error): count it.
    echo "    FAILED: dotnet test exited with $test_rc without a failed test (see above)" >&2
    failed=$((failed + 1))
fi
if ((test_rc != 0)); then
    status=1
fi
# The Node.js counts join the totals after the checks above, which are about dotnet test alone.
passed=$((passed + node_passed))
failed=$((failed + node_failed))
skipped=$((skipped + node_skipped))
if ((failed > 0)); then
    status=1
fi

finish "$passed" "$failed" "$skipped" "$status"
