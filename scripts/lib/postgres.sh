# shellcheck shell=bash
# PostgreSQL for the tests (sourced by scripts/test.sh; needs common.sh).
#
#   postgres_provide: $GOVERNANCE_TEST_POSTGRES if set; else Testcontainers when a Docker engine
#                     answers; else a private throwaway cluster on 127.0.0.1 (the 'postgresql'
#                     package installed with apt if missing), exported as GOVERNANCE_TEST_POSTGRES.
#   postgres_stop:    stops and removes that private cluster, if this script started one.

PG_CONTAINER_IMAGE="postgres:16-alpine"
PG_ROOT=""  # temp dir of the private cluster (empty: none)
PG_BIN=""   # bin dir of the PostgreSQL used for it
PG_USER=""  # owner of the cluster when we are root (PostgreSQL refuses to run as root)
PG_RUN=()   # prefix to run PostgreSQL tools as that owner
PG_STARTED=0

postgres_provide() {
    if [[ -n "${GOVERNANCE_TEST_POSTGRES:-}" ]]; then
        note "using GOVERNANCE_TEST_POSTGRES from the environment"
    elif docker_can_run "$PG_CONTAINER_IMAGE"; then
        note "Docker engine answers: tests start $PG_CONTAINER_IMAGE with Testcontainers"
    else
        postgres_start_private
    fi
}

postgres_stop() {
    if [[ "$PG_STARTED" == 1 ]]; then
        step "Stopping private PostgreSQL"
        (cd / && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null 2>&1) ||
            echo "    warning: pg_ctl stop failed" >&2
        PG_STARTED=0
    fi
    [[ -z "$PG_ROOT" ]] || rm -rf "$PG_ROOT"
    PG_ROOT=""
}

postgres_find_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && echo "$d"
    done | sort -V | tail -n 1
}

# postgres_initdb LOCALE-ARG: a fresh data directory in $PG_ROOT/data.
postgres_initdb() {
    rm -rf "$PG_ROOT/data" && mkdir -p "$PG_ROOT/data" && chmod 700 "$PG_ROOT/data"
    [[ -z "$PG_USER" ]] || chown -R "$PG_USER:" "$PG_ROOT"
    (cd "$PG_ROOT" && "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_ROOT/data" --auth=trust -U governance \
        --encoding=UTF8 "$1" >"$PG_ROOT/initdb.log" 2>&1)
}

postgres_start_private() {
    PG_BIN="$(postgres_find_bin)"
    if [[ -z "$PG_BIN" ]]; then
        apt_install postgresql "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin" || {
            echo "Install the 'postgresql' package, or set GOVERNANCE_TEST_POSTGRES to an admin connection string." >&2
            return 1
        }
        PG_BIN="$(postgres_find_bin)"
        [[ -n "$PG_BIN" ]] || { echo "no initdb/pg_ctl under /usr/lib/postgresql/*/bin after the install" >&2; return 1; }
    fi
    note "using $("$PG_BIN/postgres" --version 2>/dev/null || echo "$PG_BIN")"

    # In /tmp, not $TMPDIR: the postgres user must reach it, and the socket path must stay short.
    PG_ROOT="$(mktemp -d /tmp/governance-pg.XXXXXX)"
    mkdir -p "$PG_ROOT/run"
    PG_USER="" PG_RUN=()
    if [[ "$(id -u)" == 0 ]]; then
        PG_USER=postgres
        id "$PG_USER" >/dev/null 2>&1 || PG_USER=nobody
        PG_RUN=(runuser -u "$PG_USER" --)
    fi
    # initdb needs a locale the C library knows: C.UTF-8 where there is one, else none.
    if ! { locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && postgres_initdb --locale=C.UTF-8; } &&
        ! postgres_initdb --no-locale; then
        cat "$PG_ROOT/initdb.log" >&2
        return 1
    fi

    local port attempts=0
    for ((port = 55432; port < 55532; port++)); do
        port_in_use "$port" && continue
        if (cd "$PG_ROOT" && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/data/log" -w -t 60 \
            -o "-p $port -k $PG_ROOT/run -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
            start >/dev/null 2>&1); then
            PG_STARTED=1
            export GOVERNANCE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=governance;Password=governance;Database=postgres"
            note "private PostgreSQL on 127.0.0.1:$port (data in $PG_ROOT)"
            return 0
        fi
        # A port taken between the check and the start: try the next; anything else: give up.
        attempts=$((attempts + 1))
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
