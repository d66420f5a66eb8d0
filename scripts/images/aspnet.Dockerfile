# A look-alike of mcr.microsoft.com/dotnet/aspnet:10.0 for machines without a registry: Debian bookworm
# (the local base image), the libraries the .NET runtime needs, the `app` user (APP_UID 1654) and the
# machine's own .NET and ASP.NET Core runtimes in /usr/share/dotnet. Built by build-base-images.sh
# with a context holding runtime/ (the dotnet root without the SDK).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata zlib1g \
    && rm -rf /var/lib/apt/lists/*
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
RUN groupadd --gid=$APP_UID app && useradd --no-log-init --uid=$APP_UID --gid=$APP_UID --create-home app
COPY runtime/ /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && dotnet --list-runtimes
