#!/usr/bin/env bash
# The fleet benchmark: the published operator (Release) as a separate process against the fake API server with
# 2,000 Deployments and 500 DaemonSets over 100 images, a real source registry and a counting proxy in front of the
# target. Prints time to convergence, writes and copies per workload/image, peak RSS and CPU, then the same for a
# restart on the converged fleet. The operator's log is kept in the printed work directory.
# Usage: bench/fleet.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/imageclone-fleet.XXXXXX)

command -v docker-registry >/dev/null || { echo "docker-registry is not installed" >&2; exit 1; }

echo "publishing the operator (Release) and building the benchmark..." >&2
dotnet publish "$ROOT/ImageClone.Operator" -c Release -o "$WORK/operator" --nologo -v quiet >&2
dotnet build "$ROOT/bench/fleet/FleetBench.csproj" -c Release --nologo -v quiet >&2

echo "work directory: $WORK" >&2
dotnet "$ROOT/bench/fleet/bin/Release/net10.0/FleetBench.dll" "$WORK/operator/ImageClone.Operator.dll" "$ROOT/config/rbac/role.yaml" "$WORK"
