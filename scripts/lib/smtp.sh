# shellcheck shell=bash
# An SMTP server for the tests (sourced by scripts/test.sh; needs common.sh).
#
#   smtp_provide: $GOVERNANCE_TEST_SMTP (host:port) and $GOVERNANCE_TEST_SMTP_DIR if both are set;
#                 else Debian's smtp-sink (the 'postfix' package, installed with apt if missing) on a
#                 free 127.0.0.1 port, writing each message it receives to a file in a temp dir;
#                 both exported for the Reminders notice tests.
#   smtp_stop:    stops that smtp-sink and removes its dir, if this script started it.
#
# smtp-sink is a test server: it accepts every message and delivers nothing. Postfix itself is not
# started (apt_install keeps packages' services down).

SMTP_PID=""
SMTP_ROOT=""

smtp_provide() {
    if [[ -n "${GOVERNANCE_TEST_SMTP:-}" && -n "${GOVERNANCE_TEST_SMTP_DIR:-}" ]]; then
        note "using GOVERNANCE_TEST_SMTP and GOVERNANCE_TEST_SMTP_DIR from the environment"
        return 0
    fi
    if [[ ! -x /usr/sbin/smtp-sink ]]; then
        apt_install postfix "smtp-sink not found" || {
            echo "Install the 'postfix' package (for smtp-sink), or set GOVERNANCE_TEST_SMTP and GOVERNANCE_TEST_SMTP_DIR." >&2
            return 1
        }
    fi
    SMTP_ROOT="$(mktemp -d /tmp/governance-smtp.XXXXXX)"
    mkdir -p "$SMTP_ROOT/messages"
    local as_user=()
    # As root it must drop to another user, who then writes the message files.
    if [[ "$(id -u)" == 0 ]]; then
        as_user=(-u nobody)
        # smtp-sink drops to nobody: it must pass through the (mktemp: 0700) root to write there,
        # and it exits on the first message it cannot write.
        chmod 711 "$SMTP_ROOT"
        chmod 777 "$SMTP_ROOT/messages"
    fi
    # A port free when looked at can be taken before smtp-sink binds it (a socket of another process, or
    # one not yet released): then it exits at once, and the next free port is tried.
    local port from=42525 attempt
    for attempt in 1 2 3 4 5; do
        port="$(free_port "$from")" || { echo "no free TCP port from $from for smtp-sink" >&2; return 1; }
        /usr/sbin/smtp-sink "${as_user[@]}" -d "$SMTP_ROOT/messages/%Y%m%d%H%M%S." "127.0.0.1:$port" 100 >"$SMTP_ROOT/smtp-sink.log" 2>&1 &
        SMTP_PID=$!
        local deadline=$((SECONDS + 10))
        while ((SECONDS < deadline)); do
            if port_in_use "$port" && pid_alive "$SMTP_PID"; then
                export GOVERNANCE_TEST_SMTP="127.0.0.1:$port" GOVERNANCE_TEST_SMTP_DIR="$SMTP_ROOT/messages"
                note "smtp-sink on 127.0.0.1:$port (messages in $SMTP_ROOT/messages)"
                return 0
            fi
            pid_alive "$SMTP_PID" || break
            sleep 0.2
        done
        cat "$SMTP_ROOT/smtp-sink.log" >&2 2>/dev/null || true
        kill "$SMTP_PID" 2>/dev/null || true
        wait "$SMTP_PID" 2>/dev/null || true
        SMTP_PID=""
        from=$((port + 1))
        note "smtp-sink could not start on port $port (attempt $attempt of 5)"
    done
    echo "could not start smtp-sink" >&2
    return 1
}

smtp_stop() {
    if [[ -n "$SMTP_PID" ]]; then
        kill "$SMTP_PID" 2>/dev/null || true
        wait "$SMTP_PID" 2>/dev/null || true
        SMTP_PID=""
    fi
    [[ -z "$SMTP_ROOT" ]] || rm -rf "$SMTP_ROOT"
    SMTP_ROOT=""
}
