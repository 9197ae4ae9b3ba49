# Sourced by the testbed's image scripts: buildah and podman as this machine can run them (root, no Docker
# engine): vfs storage, chroot isolation for builds, runc with cgroupfs for runs, the host network, and
# testbed/containers.conf. The image test (ImageClone.Operator.Tests/Image) runs podman with the same flags.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/containers.conf}
buildah_cmd() { buildah --storage-driver vfs "$@"; }
podman_cmd() { podman --storage-driver vfs --runtime runc --cgroup-manager cgroupfs "$@"; }
