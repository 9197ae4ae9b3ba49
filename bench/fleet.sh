#!/usr/bin/env bash
# The fleet benchmark: the published operator (Release) as a separate process on the real test control plane
# (kube-apiserver with RBAC, controller-manager, scheduler, etcd; testbed/build-control-plane.sh builds it once) with
# simulated nodes that really pull, through a recording API proxy as its service account, over 4,050 Deployments,
# 450 StatefulSets (every tenth DEPLOYMENTS slot) and 500 DaemonSets using 200 images from a real source registry, with a counting proxy in front of the target.
# The fleet is rolled out before the operator starts. Prints the bring-up time, time to convergence, writes and
# copies per workload/image, API requests by verb, peak RSS and CPU, then the same for a restart on the converged
# fleet; exits 1 naming each invariant that failed. The operator's and control plane's logs stay in the printed
# work directory.
# Usage: bench/fleet.sh [--restart-apiserver] [DEPLOYMENTS DAEMONSETS NAMESPACES IMAGES]   (default 4500 500 200 200)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/imageclone-fleet.XXXXXX)

command -v docker-registry >/dev/null || { echo "docker-registry is not installed" >&2; exit 1; }

echo "building the control plane (cached after the first time)..." >&2
"$ROOT/testbed/build-control-plane.sh" >/dev/null
echo "publishing the operator (Release) and building the benchmark..." >&2
# as the Dockerfile publishes it (ReadyToRun)
case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
dotnet publish "$ROOT/ImageClone.Operator" -c Release -a "$arch" --self-contained false -p:PublishReadyToRun=true -o "$WORK/operator" --nologo -v quiet >&2
dotnet build "$ROOT/bench/fleet/FleetBench.csproj" -c Release --nologo -v quiet >&2

echo "work directory: $WORK" >&2
dotnet "$ROOT/bench/fleet/bin/Release/net10.0/FleetBench.dll" "$WORK/operator/ImageClone.Operator.dll" "$WORK" "$@"
