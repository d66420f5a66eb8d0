# shellcheck shell=bash
# A Docker engine and Compose, and base images made on this machine (sourced by scripts/test.sh through
# compose.sh, and by scripts/images/build-base-images.sh; needs common.sh).
#
#   docker_provide: an engine that answers (DOCKER_HOST, the default socket, or a private one started
#                   before), else Debian's docker.io (and docker-compose), installed with apt when
#                   missing, with a dockerd started here by hand (no systemd) on a private socket, data
#                   root and pid file. Sets DOCKER (the client command, an array), COMPOSE (docker
#                   compose or docker-compose), DOCKER_HOST and DOCKER_API_VERSION for the children.
#   docker_stop:    stops that dockerd, if this shell started it (never one it found running).
#   docker_base_images: the base images as local tags, each built once per machine and recipe (a
#                   warm run finds them): governance-local/debian (debootstrap --variant=minbase
#                   bookworm from the mirror apt uses, then docker import), look-alikes of the .NET
#                   aspnet and sdk images from the SDK installed here, PostgreSQL 15 and RabbitMQ with
#                   its management plugin from Debian. Sets GOVERNANCE_SDK_IMAGE,
#                   GOVERNANCE_RUNTIME_IMAGE, POSTGRES_IMAGE, RABBITMQ_IMAGE.
#
# No image registry is reachable here, which is why the base images are made, not pulled; the
# Dockerfile and the compose file name the public images by default and take these as arguments.

DOCKER_PRIVATE_ROOT="${GOVERNANCE_DOCKER_ROOT:-/var/lib/governance-docker}" # images persist here: the cache
DOCKER_PRIVATE_RUN="/run/governance-docker"
DOCKER_PRIVATE_SOCKET="unix://$DOCKER_PRIVATE_RUN/docker.sock"
DOCKERD_PID="" # the dockerd this shell started (empty: none)
DOCKER=() COMPOSE=()
DOCKER_IMAGES_DIR="scripts/images"

docker_provide() {
    local client=docker
    # Debian's client speaks the API its dockerd does; a newer static client elsewhere in PATH needs
    # DOCKER_API_VERSION (set below) against that dockerd.
    [[ -x /usr/bin/docker ]] && client=/usr/bin/docker
    if command -v "$client" >/dev/null 2>&1 && timeout 20 "$client" info >/dev/null 2>&1; then
        DOCKER=("$client")
        note "Docker engine at ${DOCKER_HOST:-the default socket}: $("${DOCKER[@]}" version --format '{{.Server.Version}}' 2>/dev/null)"
    else
        if [[ ! -x /usr/sbin/dockerd ]]; then
            apt_install docker.io "Docker is needed to build and run the image" || return 1
        fi
        client=/usr/bin/docker
        export DOCKER_HOST="$DOCKER_PRIVATE_SOCKET"
        if ! timeout 20 "$client" info >/dev/null 2>&1; then
            docker_start_daemon || return 1
        else
            note "a private dockerd (from an earlier run) answers at $DOCKER_HOST"
        fi
        DOCKER=("$client")
    fi
    # The API version of the engine, for clients newer than it (the static docker client, Testcontainers).
    export DOCKER_API_VERSION
    DOCKER_API_VERSION="$("${DOCKER[@]}" version --format '{{.Server.APIVersion}}' 2>/dev/null || echo 1.41)"
    if "${DOCKER[@]}" compose version >/dev/null 2>&1; then
        COMPOSE=("${DOCKER[@]}" compose)
    else
        command -v docker-compose >/dev/null 2>&1 ||
            apt_install docker-compose "Docker Compose is needed to run docker-compose.yml" || return 1
        COMPOSE=(docker-compose)
    fi
    note "compose: $("${COMPOSE[@]}" version 2>/dev/null | head -n 1)"
}

# Starts dockerd on the private socket, data root and pid file; waits up to 60 s for it to answer.
docker_start_daemon() {
    local log="$DOCKER_PRIVATE_ROOT/dockerd.log" pidfile="$DOCKER_PRIVATE_RUN/dockerd.pid" i
    mkdir -p "$DOCKER_PRIVATE_ROOT" "$DOCKER_PRIVATE_RUN"
    # A pid file left by a dockerd that died would stop the new one from starting.
    if [[ -f "$pidfile" ]] && ! pid_alive "$(cat "$pidfile")"; then rm -f "$pidfile"; fi
    note "starting dockerd (data root $DOCKER_PRIVATE_ROOT, socket $DOCKER_HOST; log $log)"
    /usr/sbin/dockerd --data-root "$DOCKER_PRIVATE_ROOT/data" --exec-root "$DOCKER_PRIVATE_RUN/exec" \
        --pidfile "$pidfile" -H "$DOCKER_HOST" </dev/null >"$log" 2>&1 &
    DOCKERD_PID=$!
    for ((i = 0; i < 120; i++)); do
        if /usr/bin/docker info >/dev/null 2>&1; then
            note "dockerd ready (pid $DOCKERD_PID)"
            return 0
        fi
        pid_alive "$DOCKERD_PID" || break
        sleep 0.5
    done
    echo "    dockerd did not start; last lines of $log:" >&2
    tail -n 30 "$log" | sed 's/^/      /' >&2
    docker_stop
    return 1
}

docker_stop() {
    [[ -n "$DOCKERD_PID" ]] || return 0
    stop_process "$DOCKERD_PID" 30 dockerd
    DOCKERD_PID=""
}

# docker_recipe_hash FILES...: a short hash of what an image is built from, so a changed recipe
# makes a new tag instead of reusing a stale image.
docker_recipe_hash() { cat "$@" | sha256sum | cut -c1-12; }

docker_image_exists() { "${DOCKER[@]}" image inspect "$1" >/dev/null 2>&1; }

docker_base_images() {
    local dir="$DOCKER_IMAGES_DIR" sdk_version runtime_version base aspnet sdk
    sdk_version="$(dotnet --version 2>/dev/null)" || { echo "no .NET SDK on this machine" >&2; return 1; }
    runtime_version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }')"
    [[ -n "$runtime_version" ]] || { echo "no ASP.NET Core runtime on this machine" >&2; return 1; }

    base="governance-local/debian:bookworm-$(docker_recipe_hash <(declare -f docker_build_debian))"
    docker_image_exists "$base" || docker_build_debian "$base" || return 1
    aspnet="governance-local/dotnet-aspnet:$runtime_version-$(docker_recipe_hash "$dir/aspnet.Dockerfile" <(echo "$base"))"
    docker_image_exists "$aspnet" || docker_build_dotnet "$aspnet" aspnet BASE_IMAGE="$base" || return 1
    sdk="governance-local/dotnet-sdk:$sdk_version-$(docker_recipe_hash "$dir/sdk.Dockerfile" <(echo "$aspnet"))"
    docker_image_exists "$sdk" || docker_build_dotnet "$sdk" sdk ASPNET_IMAGE="$aspnet" || return 1
    export GOVERNANCE_RUNTIME_IMAGE="$aspnet" GOVERNANCE_SDK_IMAGE="$sdk"

    export POSTGRES_IMAGE RABBITMQ_IMAGE
    POSTGRES_IMAGE="governance-local/postgres:15-$(docker_recipe_hash "$dir/postgres.Dockerfile" "$dir/postgres-entrypoint.sh" <(echo "$base"))"
    docker_image_exists "$POSTGRES_IMAGE" || docker_build_from "$POSTGRES_IMAGE" postgres "$base" || return 1
    RABBITMQ_IMAGE="governance-local/rabbitmq:3-management-$(docker_recipe_hash "$dir/rabbitmq.Dockerfile" "$dir/rabbitmq-entrypoint.sh" <(echo "$base"))"
    docker_image_exists "$RABBITMQ_IMAGE" || docker_build_from "$RABBITMQ_IMAGE" rabbitmq "$base" || return 1
    note "base images: $GOVERNANCE_SDK_IMAGE, $GOVERNANCE_RUNTIME_IMAGE, $POSTGRES_IMAGE, $RABBITMQ_IMAGE"
}

# The Debian mirror apt uses here (deb822 or one-line sources), for debootstrap.
docker_debian_mirror() {
    local mirror
    mirror="$(awk '/^URIs:/ && $2 ~ /\/debian\/?$/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null)"
    [[ -n "$mirror" ]] || mirror="$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)"
    echo "${mirror:-http://deb.debian.org/debian}"
}

docker_build_debian() {
    local tag=$1 rootfs mirror log
    command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap "debootstrap makes the base image" || return 1
    mirror="$(docker_debian_mirror)"
    rootfs="$(mktemp -d "${TMPDIR:-/tmp}/governance-rootfs.XXXXXX")"
    log="$rootfs.log"
    note "building $tag: debootstrap --variant=minbase bookworm from $mirror"
    if ! debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        rm -rf "$rootfs" "$log"
        return 1
    fi
    # As Debian's own container images: no services started by package scripts, no recommends, no
    # documentation; apt uses the same sources as this machine.
    printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d" && chmod +x "$rootfs/usr/sbin/policy-rc.d"
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/01-governance-no-recommends"
    printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' 'path-exclude /usr/share/man/*' \
        'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' >"$rootfs/etc/dpkg/dpkg.cfg.d/01-governance-slim"
    if compgen -G "/etc/apt/sources.list.d/debian.sources" >/dev/null; then
        cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/" && rm -f "$rootfs/etc/apt/sources.list"
    fi
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
        "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log
    tar --numeric-owner -C "$rootfs" -c . | "${DOCKER[@]}" import --change 'CMD ["bash"]' - "$tag" >/dev/null
    local rc=$?
    rm -rf "$rootfs" "$log"
    return "$rc"
}

# docker_build_dotnet TAG aspnet|sdk BUILD_ARG: the .NET look-alike from this machine's dotnet root
# (runtime/: the host and shared runtimes; sdk/: the rest), hard-linked into a temp context.
docker_build_dotnet() {
    local tag=$1 kind=$2 arg=$3 root context entry rc=0
    root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
    context="$(mktemp -d "${TMPDIR:-/tmp}/governance-dotnet.XXXXXX")"
    mkdir -p "$context/$kind"
    for entry in "$root"/*; do
        case "$(basename "$entry")" in
            dotnet | host | shared | LICENSE.txt | ThirdPartyNotices.txt) [[ "$kind" == aspnet ]] || continue ;;
            *) [[ "$kind" == sdk ]] || continue ;;
        esac
        cp -al "$entry" "$context/$kind/" 2>/dev/null || cp -a "$entry" "$context/$kind/" || rc=1
    done
    if [[ "$kind" == aspnet ]]; then
        mv "$context/aspnet" "$context/runtime"
    fi
    note "building $tag from $root"
    ((rc == 0)) && docker_build_quiet "$tag" "$DOCKER_IMAGES_DIR/$kind.Dockerfile" "$context" --build-arg "$arg" || rc=1
    rm -rf "$context"
    return "$rc"
}

# docker_build_from TAG NAME BASE: scripts/images/NAME.Dockerfile on BASE, with scripts/images as context.
docker_build_from() {
    note "building $1 (Debian's packages)"
    docker_build_quiet "$1" "$DOCKER_IMAGES_DIR/$2.Dockerfile" "$DOCKER_IMAGES_DIR" --build-arg "BASE_IMAGE=$3"
}

# docker_build_quiet TAG DOCKERFILE CONTEXT ARGS...: the build's output only when it fails.
docker_build_quiet() {
    local tag=$1 file=$2 context=$3 log
    shift 3
    log="$(mktemp "${TMPDIR:-/tmp}/governance-docker-build.XXXXXX")"
    if ! "${DOCKER[@]}" build -q -t "$tag" -f "$file" "$@" "$context" >"$log" 2>&1; then
        tail -n 40 "$log" | sed 's/^/      /' >&2
        rm -f "$log"
        echo "    docker build of $tag failed" >&2
        return 1
    fi
    rm -f "$log"
}
