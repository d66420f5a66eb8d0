#!/usr/bin/env bash
# Makes the base images on a machine that cannot pull them (no registry): a Debian bookworm base from
# debootstrap, look-alikes of mcr.microsoft.com/dotnet/aspnet:10.0 and sdk:10.0 from the .NET SDK
# installed here, PostgreSQL 15 and RabbitMQ (management) from Debian's packages. Starts a private
# dockerd when no engine answers (and leaves it running; its socket is printed). Images are kept and
# reused: a second run finds them. Prints the settings for docker build and the compose file:
#
#   eval "$(scripts/images/build-base-images.sh)"
#   docker build --build-arg SDK_IMAGE=$GOVERNANCE_SDK_IMAGE --build-arg RUNTIME_IMAGE=$GOVERNANCE_RUNTIME_IMAGE -t governance-platform:dev .
#   docker compose up   # POSTGRES_IMAGE and RABBITMQ_IMAGE are read from the environment
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=/dev/null
source scripts/lib/common.sh
# shellcheck source=/dev/null
source scripts/lib/docker.sh
{
    docker_provide
    docker_base_images
} >&2
# shellcheck disable=SC2034 # read by docker_stop, which must not stop it: the dockerd stays up for the commands that follow
DOCKERD_PID=""
for name in DOCKER_HOST DOCKER_API_VERSION GOVERNANCE_SDK_IMAGE GOVERNANCE_RUNTIME_IMAGE POSTGRES_IMAGE RABBITMQ_IMAGE; do
    [[ -z "${!name:-}" ]] || printf 'export %s=%q\n' "$name" "${!name}"
done
