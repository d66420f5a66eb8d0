#!/usr/bin/env bash
# The load bench in one command (see bench/README.md).
#
#   ./bench/run.sh            the full suite: both stores, 3 runs, 10 s a scenario; writes
#                             bench/results/<yyyy-mm-dd>-<commit>.md (commit it with the change it measures)
#   ./bench/run.sh --quick    a try-out in a few minutes (1 run, 2 s, a small data set); writes
#                             artifacts/bench/<yyyy-mm-dd>-<commit>-quick.md (not for comparison)
#   Further options go to the bench as given, e.g. --stores sqlite, --runs 5, --duration 20,
#   --meetings 400 --cases 5000, --out FILE.
#
# Servers: GOVERNANCE_TEST_POSTGRES and GOVERNANCE_TEST_RABBITMQ when set (as for the tests);
# otherwise private throwaway ones, started (and stopped at the end) the way scripts/test.sh does
# (scripts/lib/postgres.sh, rabbitmq.sh). Without a RabbitMQ or PostgreSQL the suite runs the SQLite
# store alone. Builds Release first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for part in common postgres rabbitmq; do
    # shellcheck source=/dev/null
    source "scripts/lib/$part.sh"
done

quick=0
for arg in "$@"; do
    [[ "$arg" != --quick ]] || quick=1
    # Help before anything starts: a run takes minutes and starts servers.
    if [[ "$arg" == --help || "$arg" == -h ]]; then
        sed -n '3,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
        echo "Every option the bench takes: bench/README.md."
        exit 0
    fi
done
user_stores=0
for arg in "$@"; do
    [[ "$arg" != --stores ]] || user_stores=1
done

exec 3>&1 4>&2
stop_servers() { { postgres_stop; rabbitmq_stop; } >&3 2>&4; }
trap 'rc=$?; stop_servers; exit $rc' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
servers_ok=1
step "PostgreSQL"
if [[ -n "${GOVERNANCE_TEST_POSTGRES:-}" ]]; then
    note "using GOVERNANCE_TEST_POSTGRES from the environment"
else
    # The bench needs a server it can reach by a connection string (and pgbench): no Testcontainers.
    postgres_start_private || { fail_note "no PostgreSQL: the SQLite store only"; servers_ok=0; }
fi
step "RabbitMQ"
if [[ -n "${GOVERNANCE_TEST_RABBITMQ:-}" ]]; then
    note "using GOVERNANCE_TEST_RABBITMQ from the environment"
else
    rabbitmq_start_private || { fail_note "no RabbitMQ: the SQLite store only"; servers_ok=0; }
fi

step "dotnet build bench/Governance.Bench -c Release (with the host)"
dotnet build bench/Governance.Bench -c Release -nologo -v quiet -clp:ErrorsOnly

commit="$(git rev-parse --short HEAD)"
[[ -z "$(git status --porcelain 2>/dev/null)" ]] || commit="$commit-dirty"
day="$(date -u +%F)"
if ((quick)); then
    out="artifacts/bench/$day-$commit-quick.md"
else
    out="bench/results/$day-$commit.md"
fi
extra=()
if ((!servers_ok && !user_stores)); then
    extra+=(--stores sqlite)
fi

step "Load bench -> $out"
dotnet bench/Governance.Bench/bin/Release/net10.0/Governance.Bench.dll suite --commit "$commit" --out "$out" \
    --host-dll services/Host/Governance.Host/bin/Release/net10.0/Governance.Host.dll "${extra[@]}" "$@"
