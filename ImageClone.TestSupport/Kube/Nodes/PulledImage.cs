namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>
/// What a pull found: the repository as runtimes name it, the digest the reference resolved to (an index for a
/// multi-arch tag), the node's platform manifest digest, the config digest, and the config's os/architecture.
/// </summary>
internal sealed record PulledImage(string Repository, string ResolvedDigest, string PlatformDigest, string ConfigDigest, string Os, string Architecture)
{
    public string ImageId(ContainerRuntime runtime) => runtime switch
    {
        ContainerRuntime.Containerd => $"{Repository}@{ResolvedDigest}",
        ContainerRuntime.CriO => $"{Repository}@{PlatformDigest}",
        ContainerRuntime.CriOConfigId => ConfigDigest,
        ContainerRuntime.Docker => $"docker-pullable://{Repository}@{ResolvedDigest}",
        _ => throw new ArgumentOutOfRangeException(nameof(runtime), runtime, null),
    };
}
