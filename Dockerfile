# The one image of the platform: Kubernetes runs it once per service (Governance__Services=meetings, ...)
# and once as the migration Job (`migrate`). Not built on the development machines (no Docker engine).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/Host/Governance.Host/Governance.Host.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:8080 \
    Kestrel__Endpoints__Http__Url=http://0.0.0.0:8081 \
    Governance__DataDirectory=/tmp/governance-data \
    DOTNET_gcServer=0
EXPOSE 8080 8081
USER $APP_UID
ENTRYPOINT ["dotnet", "Governance.Host.dll"]
