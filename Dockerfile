# The one image of the platform: every service runs from it (Governance__Services=meetings, ...), and
# so does the migration step (`migrate`). gRPC (h2c) on :8080, HTTP/1.1 (health, /metrics, the survey
# pages) on :8081. Builds with the public .NET images as it stands:
#
#   docker build -t governance .
#
# The base images are arguments, so a machine without a registry can build on images of its own
# (scripts/images/build-base-images.sh). Behind a TLS-intercepting proxy, give its CA certificates
# (PEM) to the restore with --build-arg EXTRA_CA_CERTS="$(cat proxy-ca.crt)". See docs/operations.md,
# "Container image".
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
ARG EXTRA_CA_CERTS=""
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NUGET_XMLDOC_MODE=skip
# Trust the extra CAs (if any) for NuGet over HTTPS; this stage only, the final image never sees them.
RUN if [ -n "$EXTRA_CA_CERTS" ]; then \
        printf '%s\n' "$EXTRA_CA_CERTS" > /usr/local/share/ca-certificates/build-extra-ca.crt && \
        update-ca-certificates >/dev/null; \
    fi
WORKDIR /src
# The restore is its own layer: it is done again only when a project file or the package versions change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY services/BuildingBlocks/Governance.Audit.Contracts/Governance.Audit.Contracts.csproj services/BuildingBlocks/Governance.Audit.Contracts/
COPY services/BuildingBlocks/Governance.Data/Governance.Data.csproj services/BuildingBlocks/Governance.Data/
COPY services/BuildingBlocks/Governance.Kernel/Governance.Kernel.csproj services/BuildingBlocks/Governance.Kernel/
COPY services/BuildingBlocks/Governance.Messaging/Governance.Messaging.csproj services/BuildingBlocks/Governance.Messaging/
COPY services/BuildingBlocks/Governance.ServiceDefaults/Governance.ServiceDefaults.csproj services/BuildingBlocks/Governance.ServiceDefaults/
COPY services/Cases/Governance.Cases.Contracts/Governance.Cases.Contracts.csproj services/Cases/Governance.Cases.Contracts/
COPY services/Cases/Governance.Cases/Governance.Cases.csproj services/Cases/Governance.Cases/
COPY services/Meetings/Governance.Meetings.Contracts/Governance.Meetings.Contracts.csproj services/Meetings/Governance.Meetings.Contracts/
COPY services/Meetings/Governance.Meetings/Governance.Meetings.csproj services/Meetings/Governance.Meetings/
COPY services/Reminders/Governance.Reminders.Contracts/Governance.Reminders.Contracts.csproj services/Reminders/Governance.Reminders.Contracts/
COPY services/Reminders/Governance.Reminders/Governance.Reminders.csproj services/Reminders/Governance.Reminders/
COPY services/Surveys/Governance.Surveys.Contracts/Governance.Surveys.Contracts.csproj services/Surveys/Governance.Surveys.Contracts/
COPY services/Surveys/Governance.Surveys/Governance.Surveys.csproj services/Surveys/Governance.Surveys/
COPY services/Host/Governance.Host/Governance.Host.csproj services/Host/Governance.Host/
# For the build machine's architecture only (linux-x64 or linux-arm64): the native libraries of every
# other platform would be three quarters of the image.
RUN case "$(uname -m)" in aarch64 | arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac \
    && echo "$rid" > /src/.rid \
    && dotnet restore services/Host/Governance.Host/Governance.Host.csproj -r "$rid"
COPY protos/ protos/
COPY services/ services/
# --no-restore: a project missing from the list above fails here instead of restoring unnoticed.
# No apphost: the entrypoint is `dotnet Governance.Host.dll`.
RUN dotnet publish services/Host/Governance.Host/Governance.Host.csproj -c Release -o /app \
        -r "$(cat /src/.rid)" --no-restore --no-self-contained -p:UseAppHost=false

FROM ${RUNTIME_IMAGE}
# /var/lib/governance: the one place the image's user may write to when a volume is mounted there
# (the compose file's development identity); everything else stays read-only, /tmp on a tmpfs.
RUN mkdir -p /var/lib/governance && chown "$APP_UID:$APP_UID" /var/lib/governance
WORKDIR /app
COPY --from=build /app .
# HOME=/tmp: ASP.NET Core keeps Data Protection keys (the survey forms' antiforgery tokens) under
# ~/.aspnet unless Governance__Surveys__Web__KeysDirectory says otherwise; on a read-only root
# filesystem only /tmp can take them. ASPNETCORE_HTTP_PORTS is emptied: the Kestrel endpoints decide.
ENV Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:8080 \
    Kestrel__Endpoints__Http__Url=http://0.0.0.0:8081 \
    Governance__DataDirectory=/tmp/governance-data \
    ASPNETCORE_HTTP_PORTS= \
    HOME=/tmp \
    DOTNET_gcServer=0
EXPOSE 8080 8081
USER $APP_UID
# /readyz on the host's own HTTP endpoint: the host's probe command, since the image has no curl.
HEALTHCHECK --interval=10s --timeout=8s --start-period=60s --retries=3 \
    CMD ["dotnet", "Governance.Host.dll", "probe"]
ENTRYPOINT ["dotnet", "Governance.Host.dll"]
