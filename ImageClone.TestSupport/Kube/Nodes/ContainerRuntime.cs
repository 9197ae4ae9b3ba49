namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>
/// How a node's container runtime reports a container's <c>imageID</c>:
/// containerd <c>repo@&lt;digest the reference resolved to&gt;</c> (the index for a multi-arch tag);
/// CRI-O <c>repo@&lt;platform manifest digest&gt;</c>; CRI-O after a restart, sometimes, the bare <c>sha256:&lt;config digest&gt;</c>;
/// Docker (dockershim) <c>docker-pullable://repo@&lt;resolved digest&gt;</c>.
/// </summary>
internal enum ContainerRuntime
{
    Containerd,
    CriO,
    CriOConfigId,
    Docker,
}
