# shellcheck shell=bash
# Helpers shared by scripts/test.sh and its parts in scripts/lib/ (sourced, not run).

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
fail_note() { printf '    FAILED: %s\n' "$*" >&2; }

# pid_alive PID: the process runs (one that has exited but is not yet reaped does not).
pid_alive() {
    local stat
    if ! stat="$(cat "/proc/$1/stat" 2>/dev/null)"; then
        # An explicit status: a bare `return` in a function called from a trap (stop_everything on
        # EXIT) returns the status from before the trap, which called a process gone long ago alive.
        if [[ ! -d /proc/self ]] && kill -0 "$1" 2>/dev/null; then return 0; fi
        return 1
    fi
    stat="${stat##*) }"
    [[ "${stat:0:1}" != Z ]]
}

# stop_process PID SECONDS WHAT: TERM, wait up to SECONDS for it to end, then KILL; reaps it when
# it is this shell's child. WHAT names it in the notes ("dockerd", "the Governance host").
stop_process() {
    local pid="$1" seconds="$2" what="$3" i
    [[ -n "$pid" ]] || return 0
    if pid_alive "$pid"; then
        note "stopping $what (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < seconds * 10; i++)); do
            pid_alive "$pid" || break
            sleep 0.1
        done
        if pid_alive "$pid"; then
            echo "    warning: $what did not stop in $seconds s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
    return 0
}

# port_in_use PORT: something listens on 127.0.0.1:PORT.
port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
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

# apt_install PACKAGE WHY: installs a Debian package as root, without starting its own service
# (the tests run private servers).
apt_install() {
    local package=$1 why=$2 log=/tmp/governance-apt.log
    if [[ "$(id -u)" != 0 ]]; then
        echo "$why and not root to install the '$package' package." >&2
        return 1
    fi
    note "installing $package with apt-get ($why)"
    local policy=/usr/sbin/policy-rc.d made_policy=0 rc=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
    fi
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"
    } >"$log" 2>&1 || rc=$?
    [[ "$made_policy" == 0 ]] || rm -f "$policy"
    if [[ "$rc" != 0 ]]; then
        tail -n 30 "$log" >&2
        echo "apt-get install $package failed (exit $rc)" >&2
        return 1
    fi
    rm -f "$log"
}

# docker_can_run IMAGE: a Docker engine answers and has (or can pull) IMAGE, so Testcontainers can
# start it. An engine that cannot get the image (no registry access) is no use to Testcontainers.
docker_can_run() {
    command -v docker >/dev/null 2>&1 || return 1
    timeout 20 docker info >/dev/null 2>&1 || return 1
    docker image inspect "$1" >/dev/null 2>&1 || timeout 300 docker pull -q "$1" >/dev/null 2>&1
}
