# A look-alike of mcr.microsoft.com/dotnet/sdk:10.0: the aspnet look-alike plus the machine's .NET SDK
# (sdk/, packs/, templates/, ...). Built by build-base-images.sh with a context holding sdk/.
ARG ASPNET_IMAGE
FROM ${ASPNET_IMAGE}
ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false \
    DOTNET_NOLOGO=true \
    DOTNET_USE_POLLING_FILE_WATCHER=true \
    NUGET_XMLDOC_MODE=skip
COPY sdk/ /usr/share/dotnet/
RUN dotnet --list-sdks
