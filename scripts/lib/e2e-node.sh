# shellcheck shell=bash
# The cross-language client (sourced by scripts/test.sh; needs common.sh and results.sh).
#
#   e2e_node_run HOST_DLL: tests/e2e-node builds its gRPC client from protos/ alone, runs a whole
#                 meeting and reads the Reminders calendar with ical.js (calendar.e2e.test.mjs) against
#                 the host HOST_DLL, started here on free loopback ports with SQLite
#                 in a temp data directory. Sets E2E_PASSED, E2E_FAILED, E2E_SKIPPED from the TAP
#                 summary (without node/npm: one skip, or with CI set one failure).
#   e2e_node_stop: stops that host (TERM, then KILL after 15 s) and removes the temp directory.

E2E_DIR="tests/e2e-node"
E2E_ROOT=""     # temp dir of the run: host data, logs (empty: none)
E2E_HOST_PID="" # the host started for it (empty: none running)
E2E_GRPC="" E2E_HTTP=""
E2E_PASSED=0 E2E_FAILED=0 E2E_SKIPPED=0

e2e_node_run() {
    local host_dll=$1
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        if [[ -n "${CI:-}" ]]; then
            fail_note "node and npm are needed for the cross-language test ($E2E_DIR)"
            E2E_FAILED=1
        else
            note "skipped: node/npm not found (install Node.js >= 20 to run $E2E_DIR; CI requires it)"
            E2E_SKIPPED=1
        fi
        return
    fi
    if [[ ! -f "$host_dll" ]]; then
        fail_note "the Release build has no $host_dll"
        E2E_FAILED=1
        return
    fi
    note "node $(node --version)"
    E2E_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/governance-e2e.XXXXXX")"
    if ! e2e_install; then
        fail_note "npm could not install the packages of $E2E_DIR"
        E2E_FAILED=1
    elif ! e2e_start_host "$host_dll"; then
        fail_note "the Governance host did not start for the cross-language test"
        E2E_FAILED=1
    else
        e2e_run_tests "$host_dll"
        if ! pid_alive "$E2E_HOST_PID"; then
            echo "    warning: the host exited during the tests; last lines of its log:" >&2
            tail -n 40 "$E2E_ROOT/host.log" | sed 's/^/      /' >&2
        fi
    fi
    e2e_node_stop
}

e2e_node_stop() {
    e2e_stop_host
    [[ -z "$E2E_ROOT" ]] || rm -rf "$E2E_ROOT"
    E2E_ROOT=""
}

e2e_stop_host() {
    [[ -n "$E2E_HOST_PID" ]] || return 0
    stop_process "$E2E_HOST_PID" 15 "the Governance host"
    E2E_HOST_PID=""
}

# npm ci, unless node_modules already holds the exact versions package.json pins.
e2e_install() {
    # shellcheck disable=SC2016  # JavaScript, not shell
    if (cd "$E2E_DIR" && node -e '
        for (const [name, version] of Object.entries(require("./package.json").dependencies || {}))
            if (require(`./node_modules/${name}/package.json`).version !== version) process.exit(1);') >/dev/null 2>&1; then
        return 0
    fi
    note "installing the test's packages (npm ci in $E2E_DIR)"
    local log
    log="$(mktemp "${TMPDIR:-/tmp}/governance-e2e-npm.XXXXXX")"
    (cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1 ||
        { tail -n 20 "$log" >&2; rm -f "$log"; return 1; }
    rm -f "$log"
}

# The host's command line: on SQLite in the temp dir, whatever the environment says about connection
# strings. An array, not only a function, so that "$!" of the background start is the host's own pid
# (a function run in the background is a subshell: stopping it would orphan the host).
e2e_host_command() {
    E2E_HOST_COMMAND=(env -u ConnectionStrings__Meetings -u ConnectionStrings__Cases -u ConnectionStrings__RabbitMq
        Governance__DataDirectory="$E2E_ROOT/data" dotnet)
}

# e2e_host HOST_DLL ARGS...: runs the host's command in the foreground (e.g. its token command).
e2e_host() {
    e2e_host_command
    "${E2E_HOST_COMMAND[@]}" "$@"
}

# Starts the host on free ports and waits up to 60 s for GET /readyz to answer "Healthy"; retries
# when a port was taken between the check and the bind.
e2e_start_host() {
    local attempt grpc_port http_port deadline code
    for attempt in 1 2 3; do
        grpc_port="$(free_port $((50000 + RANDOM % 10000)))" && http_port="$(free_port $((grpc_port + 1)))" ||
            { echo "    no free TCP port for the host" >&2; return 1; }
        E2E_GRPC="127.0.0.1:$grpc_port" E2E_HTTP="127.0.0.1:$http_port"
        rm -rf "$E2E_ROOT/data"
        e2e_host_command
        Kestrel__Endpoints__Grpc__Url="http://$E2E_GRPC" Kestrel__Endpoints__Http__Url="http://$E2E_HTTP" \
            "${E2E_HOST_COMMAND[@]}" "$1" </dev/null >"$E2E_ROOT/host.log" 2>&1 &
        E2E_HOST_PID=$!
        note "host pid $E2E_HOST_PID: gRPC $E2E_GRPC, HTTP $E2E_HTTP (waiting for /readyz)"
        deadline=$((SECONDS + 60))
        while ((SECONDS < deadline)) && pid_alive "$E2E_HOST_PID"; do
            if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
                    .then(async (r) => process.exit(r.ok && (await r.text()).trim() === "Healthy" ? 0 : 1))
                    .catch(() => process.exit(1));' "http://$E2E_HTTP/readyz" >/dev/null 2>&1; then
                note "host ready"
                return 0
            fi
            sleep 0.5
        done
        if ! pid_alive "$E2E_HOST_PID" && ((attempt < 3)) &&
            grep -qiE 'address already in use|failed to bind' "$E2E_ROOT/host.log"; then
            e2e_stop_host
            note "a port was taken meanwhile; trying others"
            continue
        fi
        if pid_alive "$E2E_HOST_PID"; then
            echo "    the host did not become ready in 60 s; last lines of its log:" >&2
        else
            code=0
            wait "$E2E_HOST_PID" 2>/dev/null || code=$?
            echo "    the host exited (code $code) before it was ready; last lines of its log:" >&2
        fi
        tail -n 40 "$E2E_ROOT/host.log" | sed 's/^/      /' >&2
        return 1
    done
    return 1
}

# Runs the tests with a development token from the host's own issuer (same data directory), as the
# README shows; sets E2E_PASSED/E2E_FAILED/E2E_SKIPPED.
e2e_run_tests() {
    local log="$E2E_ROOT/node-test.log" token
    token="$(e2e_host "$1" token --subject e2e-node --roles secretariat,body_member,case_handler \
        --bodies '*' --units '*' 2>>"$log")" || token=""
    read -r E2E_PASSED E2E_FAILED E2E_SKIPPED <<<"$(e2e_tap_run "$log" "$token" \
        GOVERNANCE_GRPC_ADDRESS="$E2E_GRPC" GOVERNANCE_HTTP_ADDRESS="$E2E_HTTP")"
}

# e2e_tap_run LOG TOKEN VARIABLE=VALUE...: the test files with the token and the addresses given (see
# the files' headers), their TAP output shown and kept in LOG; prints "passed failed skipped".
# Also used by compose.sh against the composed services.
e2e_tap_run() {
    local log=$1 token=$2 rc=0 runner=()
    shift 2
    command -v timeout >/dev/null 2>&1 && runner=(timeout 600)
    (cd "$E2E_DIR" && env GOVERNANCE_TOKEN="$token" "$@" \
        "${runner[@]}" node --test --test-reporter=tap meeting.e2e.test.mjs calendar.e2e.test.mjs) 2>&1 | tee -a "$log" >&2 || rc=$?
    tap_sum "$log" "$rc"
}
