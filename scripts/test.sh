#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run).
#
# Provides the servers the tests need (starting and, if missing, installing them), runs buf lint,
# the build, every test project in the solution and the Node.js client, stops only what it started
# (also on failure or Ctrl-C), and ends with one line: "N passed, N failed, N skipped".
# With CI set, a test whose server is missing fails instead of skipping.
#
# The parts live in scripts/lib/: postgres.sh and rabbitmq.sh (environment variable, Testcontainers
# or a private server), smtp.sh (Debian's smtp-sink for the Reminders e-mail tests), browser.sh
# (Debian's chromium and chromium-driver for the browser tests), prometheus.sh (Debian's prometheus
# and promtool for the dashboard and alert tests), e2e-node.sh (tests/e2e-node
# against the Release host), k8s.sh (the schema validation of k8s/, tests/k8s-node), docker.sh and
# compose.sh (the image built from the Dockerfile on base images made here, docker-compose.yml up,
# tests/e2e-node against the composed services), results.sh (TRX and TAP counts). TRX results are kept in
# artifacts/test-results/ and the browser tests' screenshots in artifacts/browser/ for inspection.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for part in common postgres rabbitmq smtp browser prometheus results e2e-node k8s docker compose; do
    # shellcheck source=/dev/null
    source "scripts/lib/$part.sh"
done

RESULTS_DIR="artifacts/test-results"
HOST_DLL="services/Host/Governance.Host/bin/Release/net10.0/Governance.Host.dll"
failed=0 # failed checks outside the test runners (servers, lint, build, a crashed run)

# To the script's own output even when a signal arrives inside a redirected function.
exec 3>&1 4>&2
stop_everything() { { e2e_node_stop; compose_stop; postgres_stop; rabbitmq_stop; smtp_stop; } >&3 2>&4; }

# finish PASSED FAILED SKIPPED STATUS: stop what we started, print the closing line (last), exit.
finish() {
    stop_everything
    echo "$1 passed, $2 failed, $3 skipped"
    exit "$4"
}
trap 'rc=$?; stop_everything; exit $rc' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "PostgreSQL"
postgres_provide || { fail_note "could not provide a PostgreSQL server for the tests"; finish 0 1 0 1; }
step "RabbitMQ"
rabbitmq_provide || { fail_note "could not provide a RabbitMQ broker for the tests"; finish 0 1 0 1; }
step "SMTP (smtp-sink)"
smtp_provide || { fail_note "could not provide an SMTP server for the tests"; finish 0 1 0 1; }
step "Chromium and ChromeDriver"
browser_provide || { fail_note "could not provide Chromium and ChromeDriver for the browser tests"; finish 0 1 0 1; }
step "Prometheus and promtool"
prometheus_provide || { fail_note "could not provide Prometheus and promtool for the dashboard and alert tests"; finish 0 1 0 1; }
[[ -z "${CI:-}" ]] || export CI # the test fixtures read it: a missing server fails instead of skips

step "buf lint"
buf_ready=1
# npm ci installs buf, axe-core, which the browser tests run in their pages, and the Kubernetes
# schemas for the validation of k8s/ (k8s.sh).
[[ -x node_modules/.bin/buf && -f node_modules/axe-core/axe.min.js && -f node_modules/kubernetes-models/package.json &&
    -f node_modules/@kubernetes-models/prometheus-operator/package.json && -f node_modules/yaml/package.json ]] ||
    { note "installing buf, axe-core and the Kubernetes schemas (npm ci)"; npm ci --no-audit --no-fund --loglevel=error; } || buf_ready=0
if ((buf_ready)) && npx --no -- buf lint; then
    note "buf lint passed"
else
    fail_note "buf lint (npm could not install buf, or problems in protos/; see above)"
    failed=$((failed + 1))
fi

SLN="$(ls Governance.Platform.sln Governance.Platform.slnx 2>/dev/null | head -n 1 || true)"
[[ -n "$SLN" ]] || { fail_note "no Governance.Platform.sln(x) at the repository root"; finish 0 $((failed + 1)) 0 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step "dotnet build $SLN -c Release"
dotnet build "$SLN" -c Release -nologo || { fail_note "build"; finish 0 $((failed + 1)) 0 1; }

# Every test project in the solution runs: a new one needs only `dotnet sln add`.
step "dotnet test $SLN"
rm -rf "$RESULTS_DIR" artifacts/browser && mkdir -p "$RESULTS_DIR"
test_rc=0
dotnet test "$SLN" -c Release --no-build --nologo --logger trx --results-directory "$RESULTS_DIR" \
    --blame-hang-timeout 20m --blame-hang-dump-type none || test_rc=$?

step "Cross-language client (Node.js)"
e2e_node_run "$HOST_DLL"

step "Kubernetes manifests (k8s/, schema validation)"
k8s_validate

step "The image and docker-compose.yml (Docker)"
compose_run

step "Summary"
shopt -s nullglob globstar
trx_files=("$RESULTS_DIR"/**/*.trx)
passed=0 tfailed=0 skipped=0
if ((${#trx_files[@]} > 0)); then
    sums="$(trx_sum "${trx_files[@]}")" && read -r passed tfailed skipped <<<"$sums"
fi
note "TRX files: ${#trx_files[@]} in $RESULTS_DIR; dotnet test exit code: $test_rc"
note "Node.js cross-language client: $E2E_PASSED passed, $E2E_FAILED failed, $E2E_SKIPPED skipped"
note "k8s/ schema validation: $K8S_PASSED passed, $K8S_FAILED failed, $K8S_SKIPPED skipped"
note "Image and compose (checks and the Node.js client against the composed services): $COMPOSE_PASSED passed, $COMPOSE_FAILED failed, $COMPOSE_SKIPPED skipped"
if ((passed + tfailed + skipped == 0)); then
    fail_note "no .NET test ran"
    failed=$((failed + 1))
elif ((test_rc != 0 && tfailed == 0)); then
    fail_note "dotnet test exited with $test_rc without a failed test (a crash, hang or load error; see above)"
    failed=$((failed + 1))
fi
failed=$((failed + tfailed + E2E_FAILED + K8S_FAILED + COMPOSE_FAILED))
status=0
((failed == 0 && test_rc == 0)) || status=1
finish $((passed + E2E_PASSED + K8S_PASSED + COMPOSE_PASSED)) "$failed" $((skipped + E2E_SKIPPED + K8S_SKIPPED + COMPOSE_SKIPPED)) "$status"
