# Multi-stage: the SDK publishes the operator, the runtime image carries only the published app.
#   docker build -t <registry>/imageclone:<tag> .    (or: make docker-build IMG=<registry>/imageclone:<tag>)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY ImageClone.Registry/ImageClone.Registry.csproj ImageClone.Registry/packages.lock.json ImageClone.Registry/
COPY ImageClone.Cli/ImageClone.Cli.csproj ImageClone.Cli/packages.lock.json ImageClone.Cli/
COPY ImageClone.Operator/ImageClone.Operator.csproj ImageClone.Operator/packages.lock.json ImageClone.Operator/
# the platform being built (set by docker and buildah; amd64 when neither does): ReadyToRun code is per architecture
ARG TARGETARCH=amd64
# --locked-mode: exactly the packages of the committed lock files, or the build fails
RUN dotnet restore ImageClone.Operator/ImageClone.Operator.csproj --locked-mode -a $TARGETARCH -p:PublishReadyToRun=true
COPY ImageClone.Registry/ ImageClone.Registry/
COPY ImageClone.Cli/ ImageClone.Cli/
COPY ImageClone.Operator/ ImageClone.Operator/
# The same command CI runs (.ci/run), so a broken publish fails CI even without a Docker engine. ReadyToRun:
# compiled ahead of time, so start-up (and every restart) does not spend seconds of CPU in the JIT.
RUN dotnet publish ImageClone.Operator/ImageClone.Operator.csproj -c Release -a $TARGETARCH --self-contained false -p:PublishReadyToRun=true -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_gcServer=0
EXPOSE 8080
# The image's non-root "app" user, by number so runAsNonRoot can verify it.
USER 1654
ENTRYPOINT ["dotnet", "ImageClone.Operator.dll"]
