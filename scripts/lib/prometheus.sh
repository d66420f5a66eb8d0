# shellcheck shell=bash
# Prometheus and promtool for the observability tests (sourced by scripts/test.sh; needs common.sh).
#
#   prometheus_provide: $GOVERNANCE_TEST_PROMETHEUS and $GOVERNANCE_TEST_PROMTOOL if both are set; else
#                       Debian's /usr/bin/prometheus and /usr/bin/promtool (package 'prometheus',
#                       installed with apt when missing). Checks that both answer --version and exports
#                       both paths for the tests.
#
# Nothing is started here, so there is nothing to stop: each test starts its own Prometheus (temp data
# directory, free port) and stops it. The package's own service (prometheus.service, /etc/init.d/prometheus)
# is kept down: apt_install forbids starting services, and one that got started anyway is stopped.

prometheus_provide() {
    local prometheus promtool
    if [[ -n "${GOVERNANCE_TEST_PROMETHEUS:-}" && -n "${GOVERNANCE_TEST_PROMTOOL:-}" ]]; then
        note "using GOVERNANCE_TEST_PROMETHEUS and GOVERNANCE_TEST_PROMTOOL from the environment"
        prometheus=$GOVERNANCE_TEST_PROMETHEUS promtool=$GOVERNANCE_TEST_PROMTOOL
    else
        prometheus=/usr/bin/prometheus promtool=/usr/bin/promtool
        if [[ ! -x "$prometheus" || ! -x "$promtool" ]]; then
            # One package brings both (and, without recommends, none of the exporters).
            apt_install prometheus "Prometheus or promtool not found" || {
                echo "Install the 'prometheus' package, or set GOVERNANCE_TEST_PROMETHEUS and GOVERNANCE_TEST_PROMTOOL." >&2
                return 1
            }
            prometheus_keep_service_down
        fi
    fi
    local version tool_version
    version="$(prometheus_version_of "$prometheus")" || {
        echo "$prometheus --version did not answer with a version" >&2
        return 1
    }
    tool_version="$(prometheus_version_of "$promtool")" || {
        echo "$promtool --version did not answer with a version" >&2
        return 1
    }
    export GOVERNANCE_TEST_PROMETHEUS="$prometheus" GOVERNANCE_TEST_PROMTOOL="$promtool"
    note "Prometheus $version ($prometheus), promtool $tool_version ($promtool)"
}

# prometheus_keep_service_down: the package's service, should its install have started it (a machine
# where policy-rc.d is not honoured), is stopped and kept from starting at boot. Only the packaged
# service's own pid is touched, never another Prometheus.
prometheus_keep_service_down() {
    if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
        systemctl disable --now prometheus.service >/dev/null 2>&1 || true
        return 0
    fi
    local pidfile=/run/prometheus/prometheus.pid pid
    [[ -f "$pidfile" ]] || return 0
    pid="$(cat "$pidfile" 2>/dev/null)" || return 0
    if [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid"; then
        note "stopping the packaged prometheus service (pid $pid) that the install started"
        if [[ -x /etc/init.d/prometheus ]]; then
            /etc/init.d/prometheus stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
        else
            kill "$pid" 2>/dev/null || true
        fi
    fi
}

# prometheus_version_of PROGRAM: the version PROGRAM --version prints ("prometheus, version 2.42.0+ds
# (branch: ...)", "promtool, version 2.42.0+ds ...").
prometheus_version_of() {
    local out
    out="$(timeout 60 "$1" --version 2>&1)" || return 1
    grep -oE 'version [0-9]+\.[0-9]+\.[0-9]+' <<<"$out" | head -n 1 | cut -d' ' -f2 | grep .
}
