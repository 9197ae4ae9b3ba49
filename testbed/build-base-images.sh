#!/usr/bin/env bash
# Makes local stand-ins for the two .NET base images the Dockerfile names, which cannot be pulled here:
#   mcr.microsoft.com/dotnet/aspnet:10.0  a minimal Debian bookworm root filesystem (mmdebstrap, minbase, plus
#                                         the libraries .NET needs) with this machine's dotnet host and shared
#                                         frameworks, and the "app" user 1654 the official image has;
#   mcr.microsoft.com/dotnet/sdk:10.0     the same root filesystem with this machine's whole SDK, CA bundle and
#                                         NuGet configuration (so `dotnet restore` reaches the feed this machine does).
# They carry the same .NET as the machine, not Microsoft's layers: what an image built on them proves is that
# the Dockerfile and the published app run in a bare bookworm as non-root with a read-only root, not that
# Microsoft's images behave the same.
# The root filesystem is cached in ~/.cache/imageclone/base-images; the images are (re)made in containers
# storage (vfs) when missing. Idempotent.
# Usage: testbed/build-base-images.sh
set -euo pipefail
cd "$(dirname "$0")"
source ./containers.sh

cache=${IMAGECLONE_BASE_IMAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imageclone/base-images}
rootfs=$cache/bookworm-minbase.tar
runtime_image=mcr.microsoft.com/dotnet/aspnet:10.0
sdk_image=mcr.microsoft.com/dotnet/sdk:10.0
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")

step() { echo "== base images: $*" >&2; }
fail() { echo "base images failed at step '$1'" >&2; exit 1; }
have_image() { buildah_cmd inspect --type image "$1" >/dev/null 2>&1; }

mkdir -p "$cache"
if [ ! -s "$rootfs" ]; then
  step "mmdebstrap a minimal bookworm (ca-certificates, libicu72, libssl3, tzdata, zlib1g) from the machine's archive"
  archive=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$archive" ] || archive=$(grep -hE '^\s*deb\s' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n1 || true)
  [ -n "$archive" ] || fail "find the Debian archive in /etc/apt/sources.list*"
  mmdebstrap --quiet --format=tar --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata,zlib1g \
    bookworm "$rootfs.tmp" "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive bookworm main" >&2 \
    || fail "mmdebstrap bookworm"
  mv "$rootfs.tmp" "$rootfs"
fi

# The working container of the image being made (removed if the script stops before committing it).
container=""
mount=""
trap '[ -z "$container" ] || buildah_cmd rm "$container" >/dev/null 2>&1 || true' EXIT

# Starts a working container from scratch holding the root filesystem: sets container and mount.
new_rootfs_container() {
  container=$(buildah_cmd from scratch) || fail "buildah from scratch"
  mount=$(buildah_cmd mount "$container") || fail "buildah mount"
  [ -d "$mount" ] && [ "$mount" != / ] || fail "buildah mount gave '$mount'"
  tar -xf "$rootfs" -C "$mount" || fail "unpack $rootfs"
}

commit() {
  buildah_cmd umount "$container" >/dev/null
  buildah_cmd commit --quiet --rm "$container" "$1" >/dev/null || fail "buildah commit $1"
  container=""
}

if ! have_image "$runtime_image"; then
  step "$runtime_image: rootfs + dotnet host and shared frameworks ($dotnet_root) + user app 1654"
  new_rootfs_container
  mkdir -p "$mount/usr/share/dotnet"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$mount/usr/share/dotnet/" || fail "copy the dotnet runtime"
  ln -sf /usr/share/dotnet/dotnet "$mount/usr/bin/dotnet"
  echo "app:x:1654:" >>"$mount/etc/group"
  echo "app:x:1654:1654::/home/app:/bin/sh" >>"$mount/etc/passwd"
  mkdir -p "$mount/home/app" && chown 1654:1654 "$mount/home/app"
  buildah_cmd config --env APP_UID=1654 --env ASPNETCORE_HTTP_PORTS=8080 --env DOTNET_RUNNING_IN_CONTAINER=true \
    --env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --label imageclone.io/stand-in=true "$container" || fail "buildah config $runtime_image"
  commit "$runtime_image"
fi

if ! have_image "$sdk_image"; then
  step "$sdk_image: rootfs + the SDK ($dotnet_root), the CA bundle and NuGet configuration"
  new_rootfs_container
  mkdir -p "$mount/usr/share/dotnet"
  cp -a "$dotnet_root/." "$mount/usr/share/dotnet/" || fail "copy the dotnet SDK"
  ln -sf /usr/share/dotnet/dotnet "$mount/usr/bin/dotnet"
  cp /etc/ssl/certs/ca-certificates.crt "$mount/etc/ssl/certs/ca-certificates.crt" || fail "copy the CA bundle"
  if [ -f "$HOME/.nuget/NuGet/NuGet.Config" ]; then
    mkdir -p "$mount/root/.nuget/NuGet" && cp "$HOME/.nuget/NuGet/NuGet.Config" "$mount/root/.nuget/NuGet/"
  fi
  config=(--env DOTNET_RUNNING_IN_CONTAINER=true --env DOTNET_NOLOGO=true --env DOTNET_CLI_TELEMETRY_OPTOUT=true
    --env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" --label imageclone.io/stand-in=true)
  [ -z "${NUGET_CERT_REVOCATION_MODE:-}" ] || config+=(--env "NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE")
  buildah_cmd config "${config[@]}" "$container" || fail "buildah config $sdk_image"
  commit "$sdk_image"
fi
echo "$runtime_image $sdk_image"
