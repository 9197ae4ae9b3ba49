#!/usr/bin/env bash
# Installs what the tests need when it is missing (Debian: docker-registry, skopeo; buildah, podman, runc and
# mmdebstrap for the image; prometheus for promtool and the alerting test), builds the test control
# plane when it is not cached (testbed/build-control-plane.sh: kube-apiserver, controller-manager, scheduler
# v1.20.2 from Debian's source package, etcd 3.4; about 6 minutes the first time), builds the operator image
# from the Dockerfile when its sources changed (testbed/build-image.sh, on local stand-ins for the .NET base
# images; about 5 minutes the first time, 2-3 after a change), then runs the tests.
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
for tool in buildah podman runc mmdebstrap prometheus; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} ..." >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v kubectl >/dev/null || echo "warning: kubectl not found; the kubectl-driven tests will fail" >&2
bash testbed/build-control-plane.sh >/dev/null || echo "warning: the test control plane could not be built; the tests that need it will fail, naming the step" >&2
bash testbed/build-image.sh >/dev/null || echo "warning: the operator image could not be built; the image test will fail, naming it" >&2

dotnet test ImageClone.sln --nologo "$@"
