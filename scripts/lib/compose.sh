# shellcheck shell=bash
# The image and docker-compose.yml, for real (sourced by scripts/test.sh; needs common.sh, results.sh,
# docker.sh and e2e-node.sh).
#
#   compose_run: a Docker engine (docker.sh: Debian's docker.io with a dockerd started here when none
#                answers), the base images made on this machine (cached), the image built from the
#                Dockerfile with them as build arguments, checks of the image (non-root user, no SDK,
#                size budget), docker-compose.yml brought up under a project of its own on free
#                loopback ports, checks of the running services (healthy by their health check, non-root,
#                read-only root filesystem with a writable /tmp), the Node.js client (tests/e2e-node)
#                against them with a token from the compose file's `token` service: Meetings, Cases and
#                Reminders each in its own container, the decision reaching the case's timeline over
#                RabbitMQ; then compose down with its volumes. Sets COMPOSE_PASSED, COMPOSE_FAILED,
#                COMPOSE_SKIPPED (no engine: one skip, or with CI set one failure).
#   compose_stop: brings the project down (volumes removed) if it is up, and stops a dockerd started here.

COMPOSE_PROJECT="governance-test"
COMPOSE_IMAGE="governance-platform:test"
# The layers the image adds to its runtime base image (the publish output): 41 MB measured, budget 60 MB
# (docs/operations.md, "Container image").
COMPOSE_APP_BUDGET_MB=60
COMPOSE_UP=0
COMPOSE_ROOT="" # temp dir: logs of the run
COMPOSE_PASSED=0 COMPOSE_FAILED=0 COMPOSE_SKIPPED=0

compose_run() {
    local started=$SECONDS
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        compose_unavailable "node and npm are needed for the client that runs against the composed services"
        return
    fi
    COMPOSE_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/governance-compose.XXXXXX")"
    if ! docker_provide; then
        compose_unavailable "no Docker engine could be provided (see above)"
        return
    fi
    step "Base images (made on this machine, cached)"
    docker_base_images || { compose_fail "the base images could not be built"; return; }
    step "docker build (the Dockerfile, on those base images)"
    compose_build_image || { compose_fail "docker build of the Dockerfile"; return; }
    note "image built after $((SECONDS - started)) s"
    compose_image_checks
    step "docker-compose.yml up"
    compose_check "compose file: valid with the observability profile, Prometheus scraping each service on the image's :8081" \
        compose_check_observability
    if compose_up; then
        compose_service_checks
        e2e_install || { compose_fail "npm could not install the packages of $E2E_DIR"; }
        compose_e2e
    fi
    compose_down
    note "the image and compose part took $((SECONDS - started)) s"
}

compose_stop() {
    compose_down
    docker_stop
    [[ -z "$COMPOSE_ROOT" ]] || rm -rf "$COMPOSE_ROOT"
    COMPOSE_ROOT=""
}

compose_unavailable() {
    if [[ -n "${CI:-}" ]]; then
        fail_note "$1"
        COMPOSE_FAILED=$((COMPOSE_FAILED + 1))
    else
        note "skipped: $1 (CI requires it)"
        COMPOSE_SKIPPED=$((COMPOSE_SKIPPED + 1))
    fi
}

compose_fail() {
    fail_note "$1"
    COMPOSE_FAILED=$((COMPOSE_FAILED + 1))
}

# compose_check NAME COMMAND...: one counted check.
compose_check() {
    local name=$1 out
    shift
    if out="$("$@" 2>&1)"; then
        note "ok - $name${out:+ ($(tail -n 1 <<<"$out"))}"
        COMPOSE_PASSED=$((COMPOSE_PASSED + 1))
    else
        fail_note "$name"
        [[ -z "$out" ]] || printf '%s\n' "$out" | tail -n 20 | sed 's/^/      /' >&2
        COMPOSE_FAILED=$((COMPOSE_FAILED + 1))
    fi
}

compose() { "${COMPOSE[@]}" -p "$COMPOSE_PROJECT" -f docker-compose.yml "$@"; }

# The host's extra CA certificates (those added to the system's store, e.g. a TLS-intercepting
# proxy's), for NuGet inside the build; empty when there are none.
compose_extra_ca_certs() {
    local f
    shopt -s nullglob
    for f in /usr/local/share/ca-certificates/*.crt /usr/local/share/ca-certificates/*/*.crt; do
        cat "$f"
        echo
    done
    shopt -u nullglob
}

# The build stage is tagged too: the classic builder keeps its cache (the restore layer) only while an
# image refers to it, and pruning the untagged images of earlier runs must not take it.
compose_build_image() {
    local args=(--build-arg "SDK_IMAGE=$GOVERNANCE_SDK_IMAGE" --build-arg "RUNTIME_IMAGE=$GOVERNANCE_RUNTIME_IMAGE"
        --build-arg "EXTRA_CA_CERTS=$(compose_extra_ca_certs)") log="$COMPOSE_ROOT/build.log"
    if ! "${DOCKER[@]}" build --target build -t "$COMPOSE_IMAGE-build" "${args[@]}" . >"$log" 2>&1 ||
        ! "${DOCKER[@]}" build -t "$COMPOSE_IMAGE" "${args[@]}" . >>"$log" 2>&1; then
        tail -n 40 "$log" | sed 's/^/      /' >&2
        return 1
    fi
    note "$(grep -c 'Using cache' "$log") build steps from the cache"
    if [[ "${DOCKER_HOST:-}" == "$DOCKER_PRIVATE_SOCKET" ]]; then
        "${DOCKER[@]}" image prune -f >/dev/null 2>&1 || true # earlier runs' untagged images, in the private engine only
    fi
}

compose_image_checks() {
    compose_check "image: runs as the non-root user 1654 (APP_UID)" compose_check_image_user
    compose_check "image: no .NET SDK in the final stage" compose_check_no_sdk
    compose_check "image: adds at most $COMPOSE_APP_BUDGET_MB MB to its runtime base" compose_check_size
    compose_check "image: HEALTHCHECK is the host's probe command" compose_check_healthcheck
}

compose_check_image_user() {
    local user uid
    user="$("${DOCKER[@]}" image inspect -f '{{.Config.User}}' "$COMPOSE_IMAGE")"
    uid="$("${DOCKER[@]}" run --rm --entrypoint id "$COMPOSE_IMAGE" -u)"
    echo "Config.User=$user, id -u=$uid"
    [[ "$user" == 1654 && "$uid" == 1654 ]]
}

compose_check_no_sdk() {
    local sdks
    sdks="$("${DOCKER[@]}" run --rm --entrypoint dotnet "$COMPOSE_IMAGE" --list-sdks)"
    echo "dotnet --list-sdks: ${sdks:-none}"
    [[ -z "$sdks" ]] && ! "${DOCKER[@]}" run --rm --entrypoint ls "$COMPOSE_IMAGE" /usr/share/dotnet/sdk >/dev/null 2>&1
}

compose_check_size() {
    local image base added
    image="$("${DOCKER[@]}" image inspect -f '{{.Size}}' "$COMPOSE_IMAGE")"
    base="$("${DOCKER[@]}" image inspect -f '{{.Size}}' "$GOVERNANCE_RUNTIME_IMAGE")"
    added=$(((image - base) / 1000000))
    echo "image $((image / 1000000)) MB: runtime base $((base / 1000000)) MB + $added MB of its own"
    ((added <= COMPOSE_APP_BUDGET_MB))
}

compose_check_healthcheck() {
    local check
    check="$("${DOCKER[@]}" image inspect -f '{{json .Config.Healthcheck.Test}}' "$COMPOSE_IMAGE")"
    echo "$check"
    [[ "$check" == '["CMD","dotnet","Governance.Host.dll","probe"]' ]]
}

# Grafana is not in Debian, so the profile is not started here: its configuration is checked instead.
compose_check_observability() {
    local services service targets
    services="$(compose --profile observability config --services)" || return 1
    targets="$(sed -n 's/^ *- \([a-z]*\):8081$/\1/p' observability/prometheus/prometheus.yml | sort | tr '\n' ' ')"
    echo "Prometheus targets: $targets"
    [[ "$targets" == "cases meetings reminders surveys " ]] || return 1
    for service in prometheus grafana meetings cases reminders surveys; do
        grep -qx "$service" <<<"$services" || { echo "no service $service"; return 1; }
    done
}

# Up on free loopback ports, with the local base images for PostgreSQL and RabbitMQ; waits up to
# 240 s for the four services to be healthy by their health check.
compose_up() {
    local var port=20000 log="$COMPOSE_ROOT/up.log"
    compose_down_quietly # a run that was killed may have left the project up
    for var in MEETINGS_GRPC_PORT MEETINGS_HTTP_PORT CASES_GRPC_PORT CASES_HTTP_PORT REMINDERS_GRPC_PORT \
        REMINDERS_HTTP_PORT SURVEYS_GRPC_PORT SURVEYS_HTTP_PORT RABBITMQ_MANAGEMENT_PORT; do
        port="$(free_port $((port + 1 + RANDOM % 50)))" || { compose_fail "no free TCP port"; return 1; }
        export "$var=$port"
    done
    export GOVERNANCE_IMAGE="$COMPOSE_IMAGE"
    COMPOSE_UP=1
    local started=$SECONDS
    if ! compose up -d --no-build >"$log" 2>&1; then
        compose_fail "docker-compose up"
        tail -n 20 "$log" | sed 's/^/      /' >&2
        compose_logs
        return 1
    fi
    note "up (migrations done, the services started) in $((SECONDS - started)) s"
    if ! compose_wait_healthy 240; then
        compose_fail "the four services did not all turn healthy in 240 s"
        compose_logs
        return 1
    fi
    note "ok - all four services healthy by their health check after $((SECONDS - started)) s"
    COMPOSE_PASSED=$((COMPOSE_PASSED + 1))
}

compose_container() { compose ps -q "$1" 2>/dev/null; }

compose_wait_healthy() {
    local deadline=$((SECONDS + $1)) service id status all
    while ((SECONDS < deadline)); do
        all=1
        for service in meetings cases reminders surveys; do
            id="$(compose_container "$service")"
            status="$([[ -n "$id" ]] && "${DOCKER[@]}" inspect -f '{{.State.Status}}/{{.State.Health.Status}}' "$id" 2>/dev/null)"
            case "$status" in
                running/healthy) ;;
                running/*) all=0 ;;
                *) echo "    $service is ${status:-missing}" >&2; return 1 ;;
            esac
        done
        ((all)) && return 0
        sleep 2
    done
    return 1
}

compose_service_checks() {
    local service
    for service in meetings cases reminders surveys; do
        compose_check "$service: runs as user 1654 on a read-only root filesystem, /tmp writable" compose_check_container "$service"
    done
}

compose_check_container() {
    local id read_only uid
    id="$(compose_container "$1")"
    read_only="$("${DOCKER[@]}" inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$id")"
    uid="$("${DOCKER[@]}" exec "$id" sh -c 'id -u')"
    echo "ReadonlyRootfs=$read_only uid=$uid"
    [[ "$read_only" == true && "$uid" == 1654 ]] &&
        ! "${DOCKER[@]}" exec "$id" sh -c 'touch /app/probe-write || touch /probe-write' 2>/dev/null &&
        "${DOCKER[@]}" exec "$id" sh -c 'touch /tmp/probe-write && rm /tmp/probe-write'
}

# The Node.js client against the composed services: Meetings (and its calls to Cases and Reminders
# over gRPC inside the compose network), Cases and Reminders on their own published ports.
compose_e2e() {
    local token log="$COMPOSE_ROOT/node-test.log" counts passed failed skipped
    token="$(compose run --rm -T token --subject e2e-node --roles secretariat,body_member,case_handler \
        --bodies '*' --units '*' 2>"$COMPOSE_ROOT/token.log")" || token=""
    if [[ -z "$token" ]]; then
        compose_fail "the compose file's token service gave no token"
        tail -n 10 "$COMPOSE_ROOT/token.log" | sed 's/^/      /' >&2
        return
    fi
    counts="$(e2e_tap_run "$log" "$token" \
        GOVERNANCE_GRPC_ADDRESS="127.0.0.1:$MEETINGS_GRPC_PORT" GOVERNANCE_HTTP_ADDRESS="127.0.0.1:$MEETINGS_HTTP_PORT" \
        GOVERNANCE_CASES_GRPC_ADDRESS="127.0.0.1:$CASES_GRPC_PORT" \
        GOVERNANCE_REMINDERS_GRPC_ADDRESS="127.0.0.1:$REMINDERS_GRPC_PORT" GOVERNANCE_REMINDERS_HTTP_ADDRESS="127.0.0.1:$REMINDERS_HTTP_PORT")"
    read -r passed failed skipped <<<"$counts"
    COMPOSE_PASSED=$((COMPOSE_PASSED + passed)) COMPOSE_FAILED=$((COMPOSE_FAILED + failed)) COMPOSE_SKIPPED=$((COMPOSE_SKIPPED + skipped))
    ((failed == 0)) || compose_logs
}

compose_logs() {
    echo "    last lines of the services' logs:" >&2
    compose logs --no-color --tail=30 2>&1 | sed 's/^/      /' >&2 || true
}

compose_down_quietly() { compose down -v --remove-orphans >/dev/null 2>&1 || true; }

compose_down() {
    ((COMPOSE_UP)) || return 0
    note "docker-compose down (volumes removed)"
    compose_down_quietly
    COMPOSE_UP=0
}
