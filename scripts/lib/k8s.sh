# shellcheck shell=bash
# The offline schema validation of k8s/ (sourced by scripts/test.sh; needs common.sh and results.sh).
#
#   k8s_validate: tests/k8s-node renders every kustomization of k8s/overlays with `kubectl kustomize`
#                 and validates each object against the Kubernetes schemas (npm kubernetes-models and
#                 @kubernetes-models/prometheus-operator, installed by the root's `npm ci`). Sets
#                 K8S_PASSED, K8S_FAILED, K8S_SKIPPED from the TAP summary. Without kubectl (>= 1.27,
#                 kustomize v5: Debian's kubernetes-client is too old) or node: one skip, or with CI
#                 set one failure. The invariants, the NetworkPolicy evaluation and the rendered
#                 configuration run as .NET tests (tests/Governance.Host.Tests/Kubernetes/).

K8S_DIR="tests/k8s-node"
K8S_PASSED=0 K8S_FAILED=0 K8S_SKIPPED=0

k8s_validate() {
    local missing="" log rc=0
    command -v kubectl >/dev/null 2>&1 || missing="kubectl (>= 1.27 with kustomize v5)"
    command -v node >/dev/null 2>&1 || missing="${missing:+$missing and }node"
    [[ -f node_modules/kubernetes-models/package.json && -f node_modules/yaml/package.json ]] ||
        missing="${missing:+$missing and }the npm packages of the root package.json (npm ci)"
    if [[ -n "$missing" ]]; then
        if [[ -n "${CI:-}" ]]; then
            fail_note "the k8s/ schema validation needs $missing"
            K8S_FAILED=1
        else
            note "skipped: the k8s/ schema validation needs $missing (CI requires it)"
            K8S_SKIPPED=1
        fi
        return
    fi
    note "$(kubectl version --client 2>/dev/null | head -n 2 | tr '\n' ' ')"
    log="$(mktemp "${TMPDIR:-/tmp}/governance-k8s.XXXXXX")"
    node --test --test-reporter=tap "$K8S_DIR/" 2>&1 | tee "$log" || rc=$?
    read -r K8S_PASSED K8S_FAILED K8S_SKIPPED <<<"$(tap_sum "$log" "$rc")"
    rm -f "$log"
}
