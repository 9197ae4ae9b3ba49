#!/usr/bin/env bash
# Installs what the tests need when it is missing (Debian: docker-registry, skopeo), builds the test control
# plane when it is not cached (testbed/build-control-plane.sh: kube-apiserver, controller-manager, scheduler
# v1.20.2 from Debian's source package, etcd 3.4; about 6 minutes the first time), then runs the tests.
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} ..." >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v kubectl >/dev/null || echo "warning: kubectl not found; the kubectl-driven tests will fail" >&2
bash testbed/build-control-plane.sh >/dev/null || echo "warning: the test control plane could not be built; the tests that need it will fail, naming the step" >&2

dotnet test ImageClone.sln --nologo "$@"
